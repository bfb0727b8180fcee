import fc from 'fast-check';
import type { WeightBytes } from '../../lib/model/bundle/fs-io-handler';
import { decodeWeightValues, readWeightValues } from '../../lib/model/bundle/weight-values';
import { tf } from '../../lib/model/tf/index';
import type { io } from '@tensorflow/tfjs-core';

type Kind = 'float32' | 'int32' | 'uint8' | 'uint16' | 'float16' | 'uint8->int32';

/** A weight spec of `kind` and the bytes tfjs would store for it. */
function encoded(kind: Kind, name: string, shape: number[], seed: number[]): { spec: io.WeightsManifestEntry; bytes: Uint8Array } {
  const count = shape.reduce((n, d) => n * d, 1);
  const at = (i: number) => seed[i % seed.length]!;
  switch (kind) {
    case 'float32':
      return { spec: { name, shape, dtype: 'float32' }, bytes: new Uint8Array(Float32Array.from({ length: count }, (_, i) => at(i) / 7).buffer) };
    case 'int32':
      return { spec: { name, shape, dtype: 'int32' }, bytes: new Uint8Array(Int32Array.from({ length: count }, (_, i) => at(i) - 500).buffer) };
    case 'uint8':
    case 'uint8->int32':
      return {
        spec: { name, shape, dtype: kind === 'uint8' ? 'float32' : 'int32', quantization: { dtype: 'uint8', min: -1.25, scale: 0.0123 } },
        bytes: Uint8Array.from({ length: count }, (_, i) => at(i) & 0xff),
      };
    case 'uint16':
      return {
        spec: { name, shape, dtype: 'float32', quantization: { dtype: 'uint16', min: -3.5, scale: 0.0001 } },
        bytes: new Uint8Array(Uint16Array.from({ length: count }, (_, i) => (at(i) * 37) & 0xffff).buffer),
      };
    case 'float16':
      // Any 16 bits are a half: normal and subnormal numbers, zeros, infinities and NaN.
      return { spec: { name, shape, dtype: 'float32', quantization: { dtype: 'float16' } }, bytes: new Uint8Array(Uint16Array.from({ length: count }, (_, i) => (at(i) * 2654435761) >>> 16).buffer) };
  }
}

const KINDS: Kind[] = ['float32', 'int32', 'uint8', 'uint16', 'float16', 'uint8->int32'];

describe('decodeWeightValues', () => {
  it('decodes every weight exactly as tf.io.decodeWeights does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...KINDS), shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 3 }) }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 64 }),
        (weights, seed) => {
          const parts = weights.map((w, i) => encoded(w.kind, `w${i}`, w.shape, seed));
          const data = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0));
          parts.reduce((at, p) => (data.set(p.bytes, at), at + p.bytes.length), 0);
          const specs = parts.map((p) => p.spec);

          const ours = decodeWeightValues(data.slice().buffer, specs);
          const theirs = tf.io.decodeWeights(data.slice().buffer, specs);
          try {
            expect(ours.map((w) => w.name)).toEqual(specs.map((s) => s.name));
            for (const w of ours) {
              const expected = theirs[w.name]!;
              expect(w.shape).toEqual(expected.shape);
              expect(w.dtype).toBe(expected.dtype);
              // Object.is-equal element by element (NaN equals NaN, -0 is not 0), without jest's slow typed-array diff.
              const want = expected.dataSync();
              expect(w.values.length).toBe(want.length);
              const differs = Array.from(w.values).findIndex((v, i) => !Object.is(v, want[i]));
              expect(differs).toBe(-1);
            }
          } finally {
            for (const t of Object.values(theirs)) t.dispose();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('names the weight when the data ends before its values', () => {
    expect(() => decodeWeightValues(new ArrayBuffer(8), [{ name: 'dense/kernel', shape: [3], dtype: 'float32' }])).toThrow(/dense\/kernel.*ends before/);
  });

  it('refuses dtypes and quantisations it does not implement, by name', () => {
    expect(() => decodeWeightValues(new ArrayBuffer(8), [{ name: 'text', shape: [1], dtype: 'string' }])).toThrow(/text: dtype string/);
    expect(() => decodeWeightValues(new ArrayBuffer(8), [{ name: 'q', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8' } }])).toThrow(/q: uint8 quantization needs min and scale/);
  });
});

/** Weight data read by range, recording every range read. */
function rangesOf(data: Uint8Array): WeightBytes & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    reads,
    length: data.length,
    lazy: true,
    readInto(offset, length, target, at) {
      reads.push([offset, length]);
      target.set(data.subarray(offset, offset + length), at);
    },
    close: () => undefined,
  };
}

describe('readWeightValues (weight data read by range)', () => {
  it('decodes what decodeWeightValues decodes, and reads a table asked for on demand one row at a time, when used', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...KINDS), shape: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<Kind>('uint8', 'float32'),
        fc.record({ rows: fc.integer({ min: 1, max: 6 }), dim: fc.integer({ min: 1, max: 5 }) }),
        fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 64 }),
        (others, tableKind, { rows, dim }, seed) => {
          const parts = [encoded(tableKind, 'table', [rows, dim], seed), ...others.map((w, i) => encoded(w.kind, `w${i}`, w.shape, seed))];
          const data = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0));
          parts.reduce((at, p) => (data.set(p.bytes, at), at + p.bytes.length), 0);
          const specs = parts.map((p) => p.spec);
          const options = { keepUint8: (name: string) => name === 'table' };
          const expected = decodeWeightValues(data.slice().buffer, specs, options);
          const bytes = rangesOf(data);

          const lazy = readWeightValues(bytes, specs, { ...options, onDemand: (name) => name === 'table' });
          const [table, ...rest] = lazy;
          // Everything but the table was read whole, in one range each; the table not at all yet.
          expect(bytes.reads).toHaveLength(rest.length);
          rest.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(expected[i + 1]!.values)));
          expect(table!.loadRow).toBeDefined();
          expect(table!.affine).toEqual(expected[0]!.affine);
          expect(Array.from(table!.values).every((v) => v === 0)).toBe(true);

          const row = rows - 1;
          table!.loadRow!(row);
          // The whole block of rows around it (these tables are smaller than one block) is read, once.
          expect(Array.from(table!.values)).toEqual(Array.from(expected[0]!.values));
          expect(bytes.reads.at(-1)![1]).toBe(rows * (tableKind === 'uint8' ? dim : 4 * dim));
          const readsSoFar = bytes.reads.length;
          table!.loadRow!(0);
          expect(bytes.reads).toHaveLength(readsSoFar);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a large table a block of 64 rows at a time, each block once', () => {
    const { spec, bytes: stored } = encoded('uint8', 'table', [150, 3], Array.from({ length: 64 }, (_, i) => i * 7));
    const bytes = rangesOf(stored);
    const [table] = readWeightValues(bytes, [spec], { keepUint8: () => true, onDemand: () => true });
    const expected = Array.from(stored);
    for (const row of [149, 0, 63, 64, 130, 5]) table!.loadRow!(row);
    expect(bytes.reads).toEqual([
      [128 * 3, 22 * 3],
      [0, 64 * 3],
      [64 * 3, 64 * 3],
    ]);
    expect(Array.from(table!.values)).toEqual(expected);
  });

  it('reads a weight whole when it cannot be served as stored (decoded on load), even if asked for on demand', () => {
    const { spec, bytes: stored } = encoded('uint16', 'table', [3, 2], [1, 2, 3]);
    const bytes = rangesOf(stored);
    const [table] = readWeightValues(bytes, [spec], { onDemand: () => true });
    expect(table!.loadRow).toBeUndefined();
    expect(Array.from(table!.values)).toEqual(Array.from(decodeWeightValues(stored.slice().buffer, [spec])[0]!.values));
  });
});

