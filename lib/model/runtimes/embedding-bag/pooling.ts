import type { Affine } from '../../bundle/weight-values';
import type { PaddedBatch } from '../../inputs/ngrams';
import type { RowLiveness } from './row-liveness';

/**
 * The embedding bag: `pooled[b] = Σ_l weights[b, l] * table[ids[b, l]]`, row-major `[batch, dim]`.
 * The same maths as the bundle's Embedding + Dot layers, done in plain JS because tfjs's cpu gather costs far more
 * than the handful of rows one text touches. Training and serving both use it.
 *
 * @param table - row-major `[vocabulary + 1, dim]` embedding table (row 0 is padding)
 * @param liveness - optional: rows known to be all zeros are skipped (an ensemble member's unseen n-grams)
 */
export function poolEmbeddings(table: Float32Array, dim: number, batch: PaddedBatch, liveness?: RowLiveness): Float32Array {
  const out = new Float32Array(batch.batch * dim);
  for (let b = 0; b < batch.batch; b++) {
    const target = b * dim;
    for (let l = 0; l < batch.length; l++) {
      const at = b * batch.length + l;
      const w = batch.weights[at]!;
      const id = batch.ids[at]!;
      if (w === 0 || liveness?.isDead(id)) continue;
      const row = id * dim;
      for (let d = 0; d < dim; d++) out[target + d]! += w * table[row + d]!;
    }
  }
  return out;
}

/** An embedding table kept as its uint8 codes: the value of code `q` is `q * scale + min`. */
export interface QuantizedTable extends Affine {
  codes: Uint8Array;
}

/**
 * {@link poolEmbeddings} straight over a uint8-quantized table, so the table never has to be decoded (4.9 million
 * values for the default model, the largest step of a cold start): `Σ w·(q·scale + min) = scale·Σ w·q + min·Σ w`,
 * one scale and offset per pooled vector instead of one per table value.
 *
 * @param liveness - optional: rows whose every code decodes to exactly 0 are skipped
 */
export function poolQuantizedEmbeddings(table: QuantizedTable, dim: number, batch: PaddedBatch, liveness?: RowLiveness): Float32Array {
  const { codes, scale, min } = table;
  const out = new Float32Array(batch.batch * dim);
  const sums = new Float64Array(dim);
  // One text's live rows (offsets into `codes`) and weights, gathered first so they can be summed four at a time:
  // each partial sum is then read and written once per four table rows instead of once per row (about 2x faster).
  const rows = new Int32Array(batch.length + 3);
  const weights = new Float64Array(batch.length + 3);
  for (let b = 0; b < batch.batch; b++) {
    let count = 0;
    let weightSum = 0;
    for (let l = 0; l < batch.length; l++) {
      const at = b * batch.length + l;
      const w = batch.weights[at]!;
      const id = batch.ids[at]!;
      if (w === 0 || liveness?.isDead(id)) continue;
      weightSum += w;
      rows[count] = id * dim;
      weights[count++] = w;
    }
    // Pad to a multiple of four with weight 0 on row 0's offset (adds nothing).
    for (let pad = count; pad % 4 !== 0; pad++) {
      rows[pad] = 0;
      weights[pad] = 0;
    }
    sums.fill(0);
    for (let i = 0; i < count; i += 4) addFourRows(sums, codes, dim, rows, weights, i);
    const target = b * dim;
    for (let d = 0; d < dim; d++) out[target + d] = scale * sums[d]! + min * weightSum;
  }
  return out;
}

/**
 * `sums += Σ weights[i+j] · codes[rows[i+j] ..]` for j = 0..3: the hot loop, a function of its own so that V8
 * optimises just this (a smaller job, done sooner at a cold start) rather than all of the pooling.
 */
function addFourRows(sums: Float64Array, codes: Uint8Array, dim: number, rows: Int32Array, weights: Float64Array, i: number): void {
  const r0 = rows[i]!;
  const r1 = rows[i + 1]!;
  const r2 = rows[i + 2]!;
  const r3 = rows[i + 3]!;
  const w0 = weights[i]!;
  const w1 = weights[i + 1]!;
  const w2 = weights[i + 2]!;
  const w3 = weights[i + 3]!;
  for (let d = 0; d < dim; d++) sums[d]! += w0 * codes[r0 + d]! + w1 * codes[r1 + d]! + w2 * codes[r2 + d]! + w3 * codes[r3 + d]!;
}
