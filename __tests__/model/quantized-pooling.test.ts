import fc from 'fast-check';
import { poolEmbeddings, poolQuantizedEmbeddings } from '../../lib/model/runtimes/embedding-bag/pooling';
import { RowLiveness } from '../../lib/model/runtimes/embedding-bag/row-liveness';

/** A random padded batch over `rows` table rows: ids and weights, with zero-weight padding. */
const batchArb = (rows: number) =>
  fc.record({
    batch: fc.integer({ min: 1, max: 4 }),
    length: fc.integer({ min: 1, max: 12 }),
  }).chain(({ batch, length }) =>
    fc.record({
      batch: fc.constant(batch),
      length: fc.constant(length),
      ids: fc.array(fc.integer({ min: 0, max: rows - 1 }), { minLength: batch * length, maxLength: batch * length }).map((a) => Int32Array.from(a)),
      weights: fc.array(fc.oneof(fc.constant(0), fc.float({ min: 0, max: 1, noNaN: true })), { minLength: batch * length, maxLength: batch * length }).map((a) => Float32Array.from(a)),
    }),
  );

describe('pooling straight over a uint8-quantized table', () => {
  it('equals pooling over the decoded table (q * scale + min), with and without dead rows skipped', () => {
    const rows = 9;
    const dim = 5;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: rows * dim, maxLength: rows * dim }),
        fc.float({ min: Math.fround(1e-4), max: Math.fround(0.1), noNaN: true }),
        fc.integer({ min: 0, max: 255 }),
        batchArb(rows),
        (codes, scale, zero, batch) => {
          const min = Math.fround(-zero * scale);
          // Rows 0 and 1 hold only the zero code, as the unseen rows of an ensemble's view members do.
          codes.fill(zero, 0, 2 * dim);
          const decoded = Float32Array.from(codes, (q) => q * scale + min);
          for (const [floatLiveness, codeLiveness] of [[undefined, undefined], [new RowLiveness(decoded, dim, 0), new RowLiveness(codes, dim, zero)]]) {
            const expected = poolEmbeddings(decoded, dim, batch, floatLiveness);
            const actual = poolQuantizedEmbeddings({ codes, scale, min }, dim, batch, codeLiveness);
            actual.forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(expected[i]!))));
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('row liveness', () => {
  it('finds the all-zero rows on first use and remembers them', () => {
    const codes = Uint8Array.from([7, 7, 7, 7, 9, 7, 7, 7, 7]);
    const liveness = new RowLiveness(codes, 3, 7);
    expect([0, 1, 2].map((row) => liveness.isDead(row))).toEqual([true, false, true]);
    codes.fill(1);
    expect([0, 1, 2].map((row) => liveness.isDead(row))).toEqual([true, false, true]);
  });

  it('reads rows of a float table that is a view into a larger buffer', () => {
    const buffer = new Float32Array(2 + 6);
    buffer.set([0, 0, 0, 0.5, 0, 0], 2);
    const liveness = new RowLiveness(buffer.subarray(2), 3, 0);
    expect([liveness.isDead(0), liveness.isDead(1)]).toEqual([true, false]);
  });
});
