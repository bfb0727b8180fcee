import fc from 'fast-check';
import { denseLayer, runDenseLayers } from '../../lib/model/runtimes/embedding-bag/dense-head';

/** x·kernel + bias then the activation, one row and one unit at a time, from the Keras `[inputs, units]` layout. */
function naiveDense(x: Float32Array, rows: number, kernel: Float32Array, inputs: number, units: number, bias: Float32Array, softmax: boolean): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: units }, (_, u) => {
      let s = bias[u]!;
      for (let i = 0; i < inputs; i++) s += x[r * inputs + i]! * kernel[i * units + u]!;
      return s;
    });
    if (softmax) {
      const max = Math.max(...row);
      const exps = row.map((v) => Math.exp(v - max));
      const total = exps.reduce((a, b) => a + b, 0);
      out.push(...exps.map((e) => e / total));
    } else {
      out.push(...row);
    }
  }
  return out;
}

describe('the JS dense head (four rows at a time over the transposed kernel)', () => {
  it('computes x·kernel + bias (and softmax) for any number of rows, including the rows past a multiple of four', () => {
    const values = (n: number) => fc.array(fc.float({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }).map((a) => Float32Array.from(a));
    fc.assert(
      fc.property(
        fc.record({ rows: fc.integer({ min: 1, max: 9 }), inputs: fc.integer({ min: 1, max: 6 }), units: fc.integer({ min: 1, max: 5 }), softmax: fc.boolean() }).chain((shape) =>
          fc.record({ shape: fc.constant(shape), x: values(shape.rows * shape.inputs), kernel: values(shape.inputs * shape.units), bias: values(shape.units) }),
        ),
        ({ shape: { rows, inputs, units, softmax }, x, kernel, bias }) => {
          const layer = denseLayer(kernel, inputs, units, bias, softmax ? 'softmax' : 'linear');
          const actual = runDenseLayers(x, rows, [layer]);
          const expected = naiveDense(x, rows, kernel, inputs, units, bias, softmax);
          expect(actual).toHaveLength(rows * units);
          actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(expected[i]!))));
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
