import type { PaddedBatch } from '../../inputs/ngrams';

/**
 * The embedding bag: `pooled[b] = Σ_l weights[b, l] * table[ids[b, l]]`, row-major `[batch, dim]`.
 * The same maths as the bundle's Embedding + Dot layers, done in plain JS because tfjs's cpu gather costs far more
 * than the handful of rows one text touches. Training and serving both use it.
 *
 * @param table - row-major `[vocabulary + 1, dim]` embedding table (row 0 is padding)
 * @param liveRows - optional: 0 for rows known to be all zeros, which are skipped (an ensemble member's unseen n-grams)
 */
export function poolEmbeddings(table: Float32Array, dim: number, batch: PaddedBatch, liveRows?: Uint8Array): Float32Array {
  const out = new Float32Array(batch.batch * dim);
  for (let b = 0; b < batch.batch; b++) {
    const target = b * dim;
    for (let l = 0; l < batch.length; l++) {
      const at = b * batch.length + l;
      const w = batch.weights[at]!;
      const id = batch.ids[at]!;
      if (w === 0 || liveRows?.[id] === 0) continue;
      const row = id * dim;
      for (let d = 0; d < dim; d++) out[target + d]! += w * table[row + d]!;
    }
  }
  return out;
}
