import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files of a verified bundle, by bundle-relative path. Outside a proven package every file was read and hashed
 * to verify it, and is served from those bytes. In a package packaging verified (`package-proof.ts`) only sizes were
 * checked: a file is read when first asked for, and a runtime may read just the byte ranges it needs
 * ({@link readInto}) of a file it never reads whole, the default model's 4.9 MB of embedding rows, of which a text
 * uses a few hundred (reading all of them cost ~7 ms of every cold start, half of it the kernel mapping fresh pages).
 *
 * @example
 * const files = BundleFiles.inMemory(new Map([['model.json', bytes]]));
 * files.size('model.json'); // bytes.length
 */
export class BundleFiles {
  private readonly descriptors = new Map<string, number>();
  private readonly parsed = new Map<string, unknown>();

  private constructor(
    private readonly modelDir: string | undefined,
    private readonly sizes: ReadonlyMap<string, number>,
    private readonly read: Map<string, Buffer>,
  ) {}

  /** Files already read (and verified) in full. */
  static inMemory(files: ReadonlyMap<string, Buffer>): BundleFiles {
    return new BundleFiles(undefined, new Map([...files].map(([path, bytes]) => [path, bytes.length])), new Map(files));
  }

  /** Files checked by size only, read from `modelDir` when asked for. */
  static onDisk(modelDir: string, sizes: ReadonlyMap<string, number>): BundleFiles {
    return new BundleFiles(modelDir, sizes, new Map());
  }

  /** Whether files are read from disk when asked for (so {@link readInto} saves reading a whole file). */
  get lazy(): boolean {
    return this.modelDir !== undefined;
  }

  /** Size in bytes of a listed file, or `undefined` when the manifest does not list it. */
  size(path: string): number | undefined {
    return this.sizes.get(path);
  }

  /**
   * A listed file's bytes (read on first call, then kept), or `undefined` when the manifest does not list it.
   *
   * @throws Error when a lazily read file can no longer be read or has changed size
   */
  get(path: string): Buffer | undefined {
    const size = this.sizes.get(path);
    if (size === undefined) return undefined;
    let bytes = this.read.get(path);
    if (!bytes) {
      bytes = readFileSync(join(this.modelDir!, path));
      if (bytes.length !== size) throw new Error(`${path}: size changed since it was verified`);
      this.read.set(path, bytes);
    }
    return bytes;
  }

  /**
   * A listed file parsed as JSON, once: verification and loading both read `model.json`, and parse it one time.
   * Callers must not change the value.
   *
   * @throws SyntaxError when it is not JSON; Error when it is not listed or cannot be read
   */
  json(path: string): unknown {
    if (!this.parsed.has(path)) {
      const bytes = this.get(path);
      if (!bytes) throw new Error(`${path}: not listed in the manifest`);
      this.parsed.set(path, JSON.parse(bytes.toString('utf8')));
    }
    return this.parsed.get(path);
  }

  /**
   * Copies `length` bytes of a listed file, from `offset`, into `target` at `targetOffset`: from memory when the file
   * has been read, else straight from disk (the file stays open for the next range).
   *
   * @throws RangeError when the range is not inside the file; Error when the file cannot be read
   */
  readInto(path: string, offset: number, length: number, target: Uint8Array, targetOffset: number): void {
    const size = this.sizes.get(path);
    if (size === undefined || offset < 0 || length < 0 || offset + length > size) throw new RangeError(`${path}: bytes ${offset}+${length} are outside the file`);
    const bytes = this.read.get(path);
    if (bytes) {
      target.set(bytes.subarray(offset, offset + length), targetOffset);
      return;
    }
    let fd = this.descriptors.get(path);
    if (fd === undefined) this.descriptors.set(path, (fd = openSync(join(this.modelDir!, path), 'r')));
    for (let done = 0; done < length; ) {
      const got = readSync(fd, target, targetOffset + done, length - done, offset + done);
      if (got === 0) throw new Error(`${path}: ended before byte ${offset + length} (it was ${size} bytes when verified)`);
      done += got;
    }
  }

  /** Closes the files {@link readInto} keeps open (a later read opens them again). */
  close(): void {
    for (const fd of this.descriptors.values()) closeSync(fd);
    this.descriptors.clear();
  }
}
