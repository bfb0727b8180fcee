import type { io } from '@tensorflow/tfjs-core';
import { concatBytes } from '../../lib/model/bundle/bytes';

export type Quantization = 'uint8' | 'float16' | 'none';

/** Tensors smaller than this stay float32: quantising them saves nothing worth the error. */
export const MIN_QUANTIZED_ELEMENTS = 1024;

/**
 * Re-encodes float32 weights in tfjs's standard quantised weight format (`quantization: {dtype: 'uint8', min, scale}`
 * or `{dtype: 'float16'}` in the weights manifest), which stock tfjs decodes on load.
 *
 * @param specs - float32 weight specs, in the order of `data`
 * @param data - the concatenated float32 weight values
 */
export function quantizeWeights(
  specs: readonly io.WeightsManifestEntry[],
  data: ArrayBuffer,
  mode: Quantization,
  /** With `uint8`: how many of the 8 bits the codes use (see {@link toUint8}). */
  bits = 8,
): { specs: io.WeightsManifestEntry[]; data: Uint8Array } {
  const parts: Uint8Array[] = [];
  const out: io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name}: expected float32, got ${spec.dtype}`);
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(data.slice(offset, offset + count * 4));
    offset += count * 4;
    const plain = { name: spec.name, shape: spec.shape, dtype: 'float32' as const };
    if (mode === 'none' || count < MIN_QUANTIZED_ELEMENTS) {
      out.push(plain);
      parts.push(new Uint8Array(values.buffer));
    } else if (mode === 'uint8') {
      const { bytes, min, scale } = toUint8(values, bits);
      out.push({ ...plain, quantization: { dtype: 'uint8', min, scale } });
      parts.push(bytes);
    } else {
      out.push({ ...plain, quantization: { dtype: 'float16' } });
      parts.push(new Uint8Array(toFloat16(values).buffer));
    }
  }
  return { specs: out, data: concatBytes(parts) };
}

/**
 * Affine uint8 quantisation: value ≈ q * scale + min (how tfjs decodes it).
 *
 * With `bits` below 8 the codes only use `0 .. 2^bits - 1`, still one byte each, so stock tfjs reads them unchanged:
 * the bytes are fewer distinct values, which the deflate of a Lambda zip stores in a little over `bits - 2` bits each
 * for the bell-shaped values of an embedding table (5 bits instead of 8 take the default model's zip under 2 MB).
 *
 * @example
 * const { bytes, min, scale } = toUint8(values, 6); // bytes[i] <= 63, values[i] ≈ bytes[i] * scale + min
 */
export function toUint8(values: Float32Array, bits = 8): { bytes: Uint8Array; min: number; scale: number } {
  if (!Number.isInteger(bits) || bits < 2 || bits > 8)
    throw new Error(`uint8 quantisation takes 2 to 8 bits, got ${bits}`);
  const top = 2 ** bits - 1;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? (max - min) / top : 1;
  // Nudge min to a multiple of scale so 0 decodes to exactly 0: rows an ensemble member never uses stay zero
  // (and cost nothing) when served. Values at the ends move by at most scale / 2, as rounding does anyway.
  if (min < 0 && max > 0) min = -Math.round(-min / scale) * scale;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.min(top, Math.max(0, Math.round((values[i]! - min) / scale)));
  return { bytes, min, scale };
}

/** The values as {@link toUint8} at `bits` stores them and tfjs decodes them (to measure what the rounding costs). */
export function roundTripUint8(values: Float32Array, bits: number): Float32Array {
  const { bytes, min, scale } = toUint8(values, bits);
  return Float32Array.from(bytes, (q) => q * scale + min);
}

/** IEEE half precision, round to nearest even. */
export function toFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = ((x >>> 23) & 0xff) - 127 + 15;
    let mant = x & 0x7fffff;
    if (exp >= 31) {
      out[i] = sign | 0x7c00 | (((x >>> 23) & 0xff) === 0xff && mant ? 0x200 : 0);
    } else if (exp <= 0) {
      if (exp < -10) {
        out[i] = sign;
      } else {
        mant |= 0x800000;
        const shift = 14 - exp;
        let half = mant >>> shift;
        const rem = mant & ((1 << shift) - 1);
        const mid = 1 << (shift - 1);
        if (rem > mid || (rem === mid && half & 1)) half++;
        out[i] = sign | half;
      }
    } else {
      let half = sign | (exp << 10) | (mant >>> 13);
      const rem = mant & 0x1fff;
      if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
      out[i] = half;
    }
  }
  return out;
}
