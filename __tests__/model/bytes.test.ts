import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { concatBytes, concatToArrayBuffer } from '../../lib/model/bundle/bytes';
import { tempDir } from './fixture-bundle';

describe('byte concatenation', () => {
  it('puts parts end to end, and hands a lone part over as a view', () => {
    expect(Array.from(concatBytes([Uint8Array.from([1, 2]), Uint8Array.from([3]).buffer]))).toEqual([1, 2, 3]);
    const lone = Uint8Array.from([4, 5, 6]);
    expect(concatBytes([lone]).buffer).toBe(lone.buffer);
    expect(concatToArrayBuffer([lone])).toBe(lone.buffer);
  });

  it('gives exactly the bytes of a small file, which Node reads into a shared pool', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'w.bin'), Uint8Array.from([7, 8, 9, 10]));
      const pooled = readFileSync(join(dir, 'w.bin'));
      const buffer = concatToArrayBuffer([pooled]);
      expect(Array.from(new Uint8Array(buffer))).toEqual([7, 8, 9, 10]);
      // A view into it keeps a copy's semantics: slicing it never reaches outside the file's bytes.
      expect(Array.from(concatBytes([pooled]).subarray(1, 3).slice())).toEqual([8, 9]);
    } finally {
      cleanup();
    }
  });
});
