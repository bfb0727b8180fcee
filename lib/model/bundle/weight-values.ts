import type { io } from '@tensorflow/tfjs-core';
import { concatBytes } from './bytes';
import type { WeightBytes } from './fs-io-handler';

/** One weight read out of a layers model's weight data, as plain typed values (no tfjs). */
export interface WeightValues {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  values: Float32Array | Int32Array | Uint8Array;
  /**
   * Present when the weight was asked to stay quantized (`keepUint8`): `values` are then its uint8 codes, and the
   * value of code `q` is `q * scale + min`.
   */
  affine?: Affine;
  /**
   * Present when the weight is read as used (`readWeightValues`): its `values` hold zeros until this reads row `row`
   * (of `shape[1]` values) into them, with its neighbours. Call it before first using a row; a row read stays read.
   */
  loadRow?: (row: number) => void;
}

/** tfjs's affine uint8 quantisation: the value of code `q` is `q * scale + min`. */
export interface Affine {
  scale: number;
  min: number;
}

export interface DecodeOptions {
  /** Weights (by name) to leave as their uint8 codes when they are stored that way, instead of decoding them. */
  keepUint8?: (name: string) => boolean;
}

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/**
 * Decodes a weights manifest's concatenated data into typed arrays: the same result as `tf.io.decodeWeights` for
 * the numeric dtypes and tfjs's quantisations (`uint8`/`uint16` affine, `float16`), in tight loops over local
 * variables. tfjs's decoder reads the scale and offset from the spec object for each of the embedding table's 1.3
 * million values, which made it one of the larger steps of a cold start (see `npm run bench`, the breakdown).
 * Kept uint8 codes and aligned unquantised float32 / int32 weights are views of `weightData`, never copied.
 *
 * @param weightData - every weight file's bytes in manifest order (one buffer, or one per file)
 * @param specs - the weights manifest's entries, in order
 * @throws Error naming the weight when its dtype or quantisation is unsupported or the data ends early
 *
 * @example
 * const [table] = decodeWeightValues(artifacts.weightData, artifacts.weightSpecs);
 * table.values; // Float32Array of shape[0] * shape[1] values
 */
export function decodeWeightValues(
  weightData: io.WeightData,
  specs: readonly io.WeightsManifestEntry[],
  options: DecodeOptions = {},
): WeightValues[] {
  const bytes = concatBytes(Array.isArray(weightData) ? weightData : [weightData]);
  // Views, not copies: the kept uint8 tables are most of the data (the default model's 4.9 MB).
  return layoutOf(specs, bytes.length).map((weight) => valuesOf(weight, bytes.subarray(weight.offset, weight.offset + weight.size), options));
}

/**
 * {@link decodeWeightValues} reading the weight data by range (`WeightBytes`, e.g. from a proven package on disk):
 * each weight's bytes are read when it is decoded, except the 2-D weights `onDemand` names that stay as stored
 * (kept uint8 codes, or unquantised float32): their values are zeros until `loadRow(row)` reads that row's block of
 * rows. An embedding table is served a few rows per text, so most of it is never read.
 *
 * @example
 * const [table] = readWeightValues(weightBytes, specs, { keepUint8: () => true, onDemand: () => true });
 * table.loadRow?.(42); // row 42 of table.values now holds the file's bytes
 */
export function readWeightValues(
  bytes: WeightBytes,
  specs: readonly io.WeightsManifestEntry[],
  options: DecodeOptions & { onDemand?: (name: string) => boolean } = {},
): WeightValues[] {
  return layoutOf(specs, bytes.length).map((weight) => {
    const raw = new Uint8Array(weight.size);
    if (options.onDemand?.(weight.spec.name) && weight.shape.length === 2 && weight.shape[0]! > 0 && keptAsStored(weight.spec, options)) {
      return { ...valuesOf(weight, raw, options), loadRow: rowLoader(bytes, weight, raw) };
    }
    bytes.readInto(weight.offset, weight.size, raw, 0);
    return valuesOf(weight, raw, options);
  });
}

/**
 * Rows read together on a row's first use. Vocabularies number n-grams by frequency, so a text's rows crowd into the
 * first blocks: the default model's first request reads ~30 blocks of 5 KB instead of ~170 single rows, each read
 * being a system call.
 */
const ROWS_PER_READ = 64;

/** `loadRow` of a weight read on demand: reads the block of {@link ROWS_PER_READ} rows around `row`, once. */
function rowLoader(bytes: WeightBytes, weight: WeightLayout, raw: Uint8Array): (row: number) => void {
  const rows = weight.shape[0]!;
  const rowBytes = weight.size / rows;
  const read = new Uint8Array(Math.ceil(rows / ROWS_PER_READ));
  return (row) => {
    const block = Math.floor(row / ROWS_PER_READ);
    if (read[block] === 1 || row < 0 || row >= rows) return;
    const first = block * ROWS_PER_READ;
    const count = Math.min(ROWS_PER_READ, rows - first);
    bytes.readInto(weight.offset + first * rowBytes, count * rowBytes, raw, first * rowBytes);
    read[block] = 1;
  };
}

interface WeightLayout {
  spec: io.WeightsManifestEntry;
  shape: number[];
  count: number;
  /** Where the weight's stored bytes start in the weight data, and how many there are. */
  offset: number;
  size: number;
}

function layoutOf(specs: readonly io.WeightsManifestEntry[], total: number): WeightLayout[] {
  let offset = 0;
  return specs.map((spec) => {
    const { name, dtype } = spec;
    const shape = [...spec.shape];
    const count = shape.reduce((n, d) => n * d, 1);
    if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') throw new Error(`weight ${name}: dtype ${dtype} is not supported`);
    const stored = spec.quantization?.dtype ?? dtype;
    const size = count * (BYTES[stored] ?? NaN);
    if (!(offset + size <= total)) throw new Error(`weight ${name}: the weight data ends before its ${count} values`);
    const layout = { spec, shape, count, offset, size };
    offset += size;
    return layout;
  });
}

/** Whether a weight's values are its stored bytes as they are (kept uint8 codes, or unquantised float32). */
function keptAsStored(spec: io.WeightsManifestEntry, options: DecodeOptions): boolean {
  return spec.dtype === 'float32' && (spec.quantization ? isKeptUint8(spec, options) : true);
}

function isKeptUint8(spec: io.WeightsManifestEntry, options: DecodeOptions): boolean {
  const q = spec.quantization;
  return q?.dtype === 'uint8' && spec.dtype === 'float32' && typeof q.scale === 'number' && typeof q.min === 'number' && options.keepUint8?.(spec.name) === true;
}

function valuesOf({ spec, shape, count }: WeightLayout, raw: Uint8Array, options: DecodeOptions): WeightValues {
  const { name, dtype } = spec;
  if (isKeptUint8(spec, options)) {
    const { scale, min } = spec.quantization as Affine;
    return { name, shape, dtype: dtype as WeightValues['dtype'], values: raw, affine: { scale, min } };
  }
  return { name, shape, dtype: dtype as WeightValues['dtype'], values: decode(spec, raw, count) };
}

function decode(spec: io.WeightsManifestEntry, raw: Uint8Array, count: number): Float32Array | Int32Array | Uint8Array {
  const q = spec.quantization;
  if (!q) {
    // Typed views need their offset aligned to 4 bytes; a weight after an odd-sized uint8 table is copied instead.
    const aligned = raw.byteOffset % 4 === 0 ? raw : raw.slice();
    if (spec.dtype === 'float32') return new Float32Array(aligned.buffer, aligned.byteOffset, count);
    if (spec.dtype === 'int32') return new Int32Array(aligned.buffer, aligned.byteOffset, count);
    return raw;
  }
  if (q.dtype === 'uint8' || q.dtype === 'uint16') {
    if (typeof q.scale !== 'number' || typeof q.min !== 'number') throw new Error(`weight ${spec.name}: ${q.dtype} quantization needs min and scale`);
    const quantized = q.dtype === 'uint8' ? raw : uint16View(raw, count);
    const scale = q.scale;
    const min = q.min;
    if (spec.dtype === 'float32') {
      const values = new Float32Array(count);
      for (let i = 0; i < count; i++) values[i] = quantized[i]! * scale + min;
      return values;
    }
    if (spec.dtype === 'int32') {
      const values = new Int32Array(count);
      for (let i = 0; i < count; i++) values[i] = Math.round(quantized[i]! * scale + min);
      return values;
    }
  }
  if (q.dtype === 'float16' && spec.dtype === 'float32') return float16ToFloat32(uint16View(raw, count));
  throw new Error(`weight ${spec.name}: ${q.dtype} quantization of ${spec.dtype} is not supported`);
}

function uint16View(raw: Uint8Array, count: number): Uint16Array {
  const aligned = raw.byteOffset % 2 === 0 ? raw : raw.slice();
  return new Uint16Array(aligned.buffer, aligned.byteOffset, count);
}

/** IEEE 754 half precision to single precision, including subnormals, infinities and NaN. */
function float16ToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i]!;
    const sign = (h & 0x8000) << 16;
    const exponent = (h >> 10) & 0x1f;
    let mantissa = h & 0x3ff;
    if (exponent === 0x1f) {
      bits[i] = sign | 0x7f800000 | (mantissa << 13);
    } else if (exponent !== 0) {
      bits[i] = sign | ((exponent + 112) << 23) | (mantissa << 13);
    } else if (mantissa === 0) {
      bits[i] = sign;
    } else {
      // Subnormal: shift the mantissa up until its leading 1 is the implicit bit.
      let e = 113;
      while ((mantissa & 0x400) === 0) {
        mantissa <<= 1;
        e--;
      }
      bits[i] = sign | (e << 23) | ((mantissa & 0x3ff) << 13);
    }
  }
  return out;
}
