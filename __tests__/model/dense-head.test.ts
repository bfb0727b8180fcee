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

describe('the JS dense head (one row over the stored kernel, four rows over its transpose)', () => {
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

  it('computes the same over a uint8-quantized kernel as over its decoded values (q * scale + min), alone and in blocks', () => {
    fc.assert(
      fc.property(
        fc.record({ rows: fc.integer({ min: 1, max: 9 }), inputs: fc.integer({ min: 1, max: 6 }), units: fc.integer({ min: 1, max: 5 }), softmax: fc.boolean() }).chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            x: fc.array(fc.float({ min: -2, max: 2, noNaN: true }), { minLength: shape.rows * shape.inputs, maxLength: shape.rows * shape.inputs }).map((a) => Float32Array.from(a)),
            codes: fc.uint8Array({ minLength: shape.inputs * shape.units, maxLength: shape.inputs * shape.units }),
            scale: fc.double({ min: 1e-3, max: 0.2, noNaN: true }),
            min: fc.double({ min: -2, max: 0, noNaN: true }),
            bias: fc.array(fc.float({ min: -2, max: 2, noNaN: true }), { minLength: shape.units, maxLength: shape.units }).map((a) => Float32Array.from(a)),
          }),
        ),
        ({ shape: { rows, inputs, units, softmax }, x, codes, scale, min, bias }) => {
          const decoded = Float32Array.from(codes, (q) => q * scale + min);
          const layer = denseLayer(codes, inputs, units, bias, softmax ? 'softmax' : 'linear', { scale, min });
          const actual = runDenseLayers(x, rows, [layer]);
          const expected = naiveDense(x, rows, decoded, inputs, units, bias, softmax);
          actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(expected[i]!))));
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  it('refuses uint8 codes without their scale and min', () => {
    expect(() => denseLayer(new Uint8Array(4), 2, 2, undefined, 'linear')).toThrow('scale and min');
  });
});
