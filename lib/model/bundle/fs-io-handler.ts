import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import type { BundleFiles } from './bundle-files';
import { concatToArrayBuffer } from './bytes';

/** Reads one bundle-relative file; the loader passes one that serves already-verified bytes. */
export type BundleReader = (relativePath: string) => Uint8Array;

/** Reads bundle files straight from disk. */
export function diskReader(modelDir: string): BundleReader {
  return (relativePath) => readFileSync(join(modelDir, relativePath));
}

/**
 * The weight data of a layers model (its weight files end to end, as `weightData` holds them) read by byte range, for
 * a runtime that needs only part of it (see `BundleFiles.readInto`).
 */
export interface WeightBytes {
  /** Bytes in all the weight files. */
  readonly length: number;
  /** Whether ranges come from disk (a proven package), so reading only some of them saves reading the files. */
  readonly lazy: boolean;
  /**
   * Copies `length` bytes from `offset` of the weight data into `target` at `targetOffset`.
   *
   * @throws RangeError when the range is outside the weight data
   */
  readInto(offset: number, length: number, target: Uint8Array, targetOffset: number): void;
  /** Releases what reading holds open (the weight files' descriptors); a later read opens them again. */
  close(): void;
}

/** A layers model read from a bundle: tfjs's artifacts, and its weight data by range. */
export interface BundleModel {
  /** `weightData` is read (every weight file, whole) when first asked for. */
  artifacts: io.ModelArtifacts;
  weightBytes: WeightBytes;
}

/**
 * Reads a layers model's `model.json` from a bundle's files. Its weight files are read only when `weightData` is
 * first asked for, or by range through `weightBytes`: the trainer's models are served from a few embedding rows per
 * text, so in a proven package most of their weights are never read at all.
 *
 * @param modelFile - bundle-relative path of `model.json`
 * @throws Error when model.json is not a layers model
 */
export function readBundleModel(modelFile: string, files: Pick<BundleFiles, 'get' | 'json' | 'size' | 'readInto' | 'lazy' | 'close'>): BundleModel {
  const modelJson = files.json(modelFile) as io.ModelJSON;
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new Error(`${modelFile}: not a tfjs layers model (no modelTopology or weightsManifest)`);
  }
  const base = modelFile.includes('/') ? modelFile.slice(0, modelFile.lastIndexOf('/') + 1) : '';
  const weightSpecs: io.WeightsManifestEntry[] = [];
  const shards: { path: string; start: number; size: number }[] = [];
  let length = 0;
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const name of group.paths) {
      const path = base + name;
      const size = files.size(path);
      if (size === undefined) throw new Error(`${modelFile}: weight file ${name} is not listed in the manifest`);
      shards.push({ path, start: length, size });
      length += size;
    }
  }
  let weightData: ArrayBuffer | undefined;
  const artifacts: io.ModelArtifacts = {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    weightSpecs,
    // A graph model's inputs and outputs by name, and the graph that initialises its tables (absent from layers models).
    ...(modelJson.signature !== undefined && { signature: modelJson.signature }),
    ...(modelJson.userDefinedMetadata !== undefined && { userDefinedMetadata: modelJson.userDefinedMetadata }),
    ...(modelJson.modelInitializer !== undefined && { modelInitializer: modelJson.modelInitializer }),
    ...(modelJson.initializerSignature !== undefined && { initializerSignature: modelJson.initializerSignature }),
  };
  Object.defineProperty(artifacts, 'weightData', {
    enumerable: true,
    get: () => (weightData ??= concatToArrayBuffer(shards.map(({ path }) => files.get(path)!))),
  });
  const weightBytes: WeightBytes = {
    length,
    lazy: files.lazy,
    readInto(offset, count, target, targetOffset) {
      if (offset < 0 || count < 0 || offset + count > length) throw new RangeError(`bytes ${offset}+${count} are outside the ${length} bytes of weights`);
      for (const shard of shards) {
        const from = Math.max(offset, shard.start);
        const to = Math.min(offset + count, shard.start + shard.size);
        if (from < to) files.readInto(shard.path, from - shard.start, to - from, target, targetOffset + (from - offset));
      }
    },
    close: () => files.close(),
  };
  return { artifacts, weightBytes };
}

/**
 * A `tf.io.IOHandler` that loads a tfjs layers model (`model.json` + weight files) through `fs`, since pure tfjs has
 * no `file://` loader. Weight shards are concatenated in manifest order, as tfjs's own loaders do.
 *
 * @param modelFile - bundle-relative path of `model.json`
 * @param read - how to read bundle files
 */
export function fsModelHandler(modelFile: string, read: BundleReader): io.IOHandler {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const cache = new Map<string, Buffer>();
      const bytes = (path: string): Buffer => {
        let cached = cache.get(path);
        if (!cached) {
          const data = read(path);
          cache.set(path, (cached = Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
        }
        return cached;
      };
      const files = {
        lazy: false,
        get: bytes,
        json: (path: string): unknown => JSON.parse(bytes(path).toString('utf8')),
        size: (path: string) => bytes(path).length,
        readInto: (path: string, offset: number, length: number, target: Uint8Array, at: number) => target.set(bytes(path).subarray(offset, offset + length), at),
        close: () => undefined,
      };
      // A plain object for tfjs: the spread reads the weight files (weightData's getter) here.
      return { ...readBundleModel(modelFile, files).artifacts };
    },
  };
}
