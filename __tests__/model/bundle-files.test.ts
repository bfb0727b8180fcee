import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleFiles } from '../../lib/model/bundle/bundle-files';

describe('BundleFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-files-'));
  const bytes = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('in memory: serves the verified bytes whole and by range, and nothing unlisted', () => {
    const files = BundleFiles.inMemory(new Map([['weights.bin', bytes]]));
    expect(files.lazy).toBe(false);
    expect(files.size('weights.bin')).toBe(64);
    expect(files.get('weights.bin')).toBe(bytes);
    expect(files.get('other.bin')).toBeUndefined();
    const target = new Uint8Array(6);
    files.readInto('weights.bin', 10, 4, target, 1);
    expect(Array.from(target)).toEqual([0, 10, 11, 12, 13, 0]);
  });

  it('on disk: reads a file when first asked for, ranges straight from disk, and refuses ranges outside the file', () => {
    writeFileSync(join(dir, 'weights.bin'), bytes);
    const files = BundleFiles.onDisk(dir, new Map([['weights.bin', 64]]));
    expect(files.lazy).toBe(true);
    const target = new Uint8Array(3);
    files.readInto('weights.bin', 61, 3, target, 0);
    expect(Array.from(target)).toEqual([61, 62, 63]);
    expect(() => files.readInto('weights.bin', 62, 3, target, 0)).toThrow(RangeError);
    expect(() => files.readInto('other.bin', 0, 1, target, 0)).toThrow(RangeError);
    expect(files.get('weights.bin')).toEqual(bytes);
  });

  it('on disk: a file whose size changed since verification is refused, and so is a range past its new end', () => {
    writeFileSync(join(dir, 'short.bin'), bytes.subarray(0, 10));
    const files = BundleFiles.onDisk(dir, new Map([['short.bin', 64]]));
    expect(() => files.readInto('short.bin', 8, 8, new Uint8Array(8), 0)).toThrow(/ended before byte 16/);
    expect(() => files.get('short.bin')).toThrow(/size changed/);
  });

  it('parses a JSON file once and gives the same value to every caller', () => {
    const files = BundleFiles.inMemory(new Map([['model.json', Buffer.from('{"format":"layers-model"}')], ['bad.json', Buffer.from('{')]]));
    const first = files.json('model.json');
    expect(first).toEqual({ format: 'layers-model' });
    expect(files.json('model.json')).toBe(first);
    expect(() => files.json('bad.json')).toThrow(SyntaxError);
    expect(() => files.json('other.json')).toThrow(/not listed/);
  });

  it('on disk: keeps one descriptor per file open for ranges, closes it on close(), and opens it again when needed', () => {
    writeFileSync(join(dir, 'rows.bin'), bytes);
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const files = BundleFiles.onDisk(dir, new Map([['rows.bin', 64]]));
    const before = openFiles();
    const target = new Uint8Array(2);
    files.readInto('rows.bin', 0, 2, target, 0);
    files.readInto('rows.bin', 2, 2, target, 0);
    expect(openFiles()).toBe(before + 1);
    files.close();
    expect(openFiles()).toBe(before);
    files.readInto('rows.bin', 4, 2, target, 0);
    expect(Array.from(target)).toEqual([4, 5]);
    files.close();
  });
});

