import { tf } from '../../lib/model/tf/index';
import { quantizeWeights, roundTripUint8, toFloat16, toUint8 } from '../../scripts/training/quantize';

describe('weight quantisation', () => {
  it('encodes uint8 as tfjs decodes it: value = q * scale + min', () => {
    const values = new Float32Array([-1, 0, 0.5, 1]);
    const { bytes, min, scale } = toUint8(values);
    expect(Math.abs(min + 1)).toBeLessThanOrEqual(scale / 2);
    expect(scale).toBeCloseTo(2 / 255, 10);
    Array.from(bytes).forEach((q, i) =>
      expect(Math.abs(q * scale + min - values[i]!)).toBeLessThanOrEqual(scale / 2 + 1e-9),
    );
    expect(bytes[0]).toBe(0);
    expect(bytes[3]).toBe(255);
  });

  it('with fewer bits uses only that many codes, still decoded by tfjs within half a step, 0 still exactly 0', () => {
    const values = Float32Array.from({ length: 4096 }, (_, i) => (i % 5 === 0 ? 0 : Math.sin(i * 0.37) * 0.9 - 0.05));
    for (const bits of [6, 4]) {
      const { specs, data } = quantizeWeights(
        [{ name: 'w', shape: [4096], dtype: 'float32' }],
        values.buffer,
        'uint8',
        bits,
      );
      expect(Math.max(...data)).toBeLessThanOrEqual(2 ** bits - 1);
      const { scale } = specs[0]!.quantization as { scale: number };
      expect(scale).toBeCloseTo(1.8 / (2 ** bits - 1), 4);
      const decoded = tf.io.decodeWeights(data.slice().buffer as ArrayBuffer, specs).w!.dataSync();
      values.forEach((v, i) => expect(Math.abs(decoded[i]! - v)).toBeLessThanOrEqual(scale / 2 + 1e-6));
      values.forEach((v, i) => {
        if (v === 0) expect(decoded[i]).toBe(0);
      });
      expect(Array.from(roundTripUint8(values, bits))).toEqual(Array.from(decoded));
    }
    expect(() => toUint8(values, 9)).toThrow(/2 to 8 bits/);
  });

  it('decodes 0 to exactly 0 through tfjs (unused embedding rows stay zero)', () => {
    const values = Float32Array.from({ length: 2048 }, (_, i) => (i % 3 === 0 ? 0 : Math.sin(i) * 0.7 + 0.1));
    const { specs, data } = quantizeWeights([{ name: 'w', shape: [2048], dtype: 'float32' }], values.buffer, 'uint8');
    const decoded = tf.io.decodeWeights(data.slice().buffer as ArrayBuffer, specs).w!.dataSync();
    values.forEach((v, i) => {
      if (v === 0) expect(decoded[i]).toBe(0);
    });
  });

  it('encodes IEEE half floats', () => {
    expect(Array.from(toFloat16(new Float32Array([0, 1, -2, 0.5, 65504, 1e-8, Infinity])))).toEqual([
      0x0000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x0000, 0x7c00,
    ]);
  });

  it('quantises only large tensors and records it in the weight specs', () => {
    const big = new Float32Array(2048).map((_, i) => i / 2048);
    const small = new Float32Array([1, 2, 3]);
    const data = new Float32Array([...big, ...small]).buffer;
    const specs = [
      { name: 'big', shape: [2048], dtype: 'float32' as const },
      { name: 'small', shape: [3], dtype: 'float32' as const },
    ];
    const out = quantizeWeights(specs, data, 'uint8');
    expect(out.specs[0]!.quantization).toMatchObject({ dtype: 'uint8', min: 0 });
    expect(out.specs[1]!.quantization).toBeUndefined();
    expect(out.data.byteLength).toBe(2048 + 3 * 4);
    expect(quantizeWeights(specs, data, 'float16').data.byteLength).toBe(2048 * 2 + 3 * 4);
    expect(quantizeWeights(specs, data, 'none').data.byteLength).toBe((2048 + 3) * 4);
  });
});
