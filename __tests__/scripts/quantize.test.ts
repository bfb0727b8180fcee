import { quantizeWeights, toFloat16, toUint8 } from '../../scripts/training/quantize';

describe('weight quantisation', () => {
  it('encodes uint8 as tfjs decodes it: value = q * scale + min', () => {
    const values = new Float32Array([-1, 0, 0.5, 1]);
    const { bytes, min, scale } = toUint8(values);
    expect(min).toBe(-1);
    expect(scale).toBeCloseTo(2 / 255, 10);
    Array.from(bytes).forEach((q, i) => expect(q * scale + min).toBeCloseTo(values[i]!, 2));
    expect(bytes[0]).toBe(0);
    expect(bytes[3]).toBe(255);
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
