import { poolEmbeddings } from '../../lib/model/runtimes/embedding-bag/pooling';
import type { PaddedBatch } from '../../lib/model/inputs/ngrams';

export interface SparseAdamOptions {
  learningRate: number;
  /** L2 penalty on the rows a step touches (lazy weight decay). */
  l2: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * The embedding table during training, kept in plain typed arrays and updated with a lazy (sparse) Adam: a step only
 * reads and writes the rows its batch uses.
 *
 * Why not a tfjs variable: on the cpu backend the gather gradient goes through unsortedSegmentSum (a loop over every
 * vocabulary row) and Adam rewrites the whole table, about a second per step for a 20,000 x 64 table; the sparse
 * form costs only the batch. The maths is exactly the served Embedding + Dot layers.
 */
export class SparseEmbedding {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;
  /** Current learning rate (a schedule may change it between steps). */
  learningRate: number;

  constructor(
    /** Row-major `[rows, dim]` table; row 0 is padding and stays 0. */
    readonly table: Float32Array,
    readonly dim: number,
    private readonly options: SparseAdamOptions,
  ) {
    this.m = new Float32Array(table.length);
    this.v = new Float32Array(table.length);
    table.fill(0, 0, dim);
    this.learningRate = options.learningRate;
  }

  /** Weighted sum of the batch's rows (the served model's maths), row-major `[batch, dim]`. */
  pool(batch: PaddedBatch): Float32Array {
    return poolEmbeddings(this.table, this.dim, batch);
  }

  /** Per table row: its slot in `grads` during a step, or -1 (kept between steps to avoid a Map per step). */
  private slotOf: Int32Array | undefined;
  private grads = new Float32Array(0);

  /**
   * Applies one Adam step given the loss gradient with respect to the pooled vectors (`[batch, dim]`).
   * Row gradients are accumulated first (in batch order), so rows repeated within a batch get one update; rows are
   * independent, so the order they are then updated in does not change any value.
   */
  update(batch: PaddedBatch, dPooled: Float32Array): void {
    const { dim, table, m, v, learningRate } = this;
    const { l2 } = this.options;
    const beta1 = this.options.beta1 ?? 0.9;
    const beta2 = this.options.beta2 ?? 0.999;
    const epsilon = this.options.epsilon ?? 1e-7;
    const slotOf = (this.slotOf ??= new Int32Array(table.length / dim).fill(-1));
    if (this.grads.length < batch.ids.length * dim) this.grads = new Float32Array(batch.ids.length * dim);
    const grads = this.grads;
    const touched: number[] = [];
    for (let b = 0; b < batch.batch; b++) {
      for (let l = 0; l < batch.length; l++) {
        const at = b * batch.length + l;
        const w = batch.weights[at]!;
        const id = batch.ids[at]!;
        if (w === 0 || id === 0) continue;
        let slot = slotOf[id]!;
        if (slot < 0) {
          slot = slotOf[id] = touched.length;
          touched.push(id);
          grads.fill(0, slot * dim, (slot + 1) * dim);
        }
        const g = slot * dim;
        const d0 = b * dim;
        for (let d = 0; d < dim; d++) grads[g + d]! += w * dPooled[d0 + d]!;
      }
    }
    this.step++;
    const correction1 = 1 - Math.pow(beta1, this.step);
    const correction2 = 1 - Math.pow(beta2, this.step);
    const stepSize = (learningRate * Math.sqrt(correction2)) / correction1;
    for (let slot = 0; slot < touched.length; slot++) {
      const id = touched[slot]!;
      slotOf[id] = -1;
      const row = id * dim;
      const g = slot * dim;
      for (let d = 0; d < dim; d++) {
        const i = row + d;
        const grad = grads[g + d]! + 2 * l2 * table[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * grad;
        v[i] = beta2 * v[i]! + (1 - beta2) * grad * grad;
        table[i]! -= (stepSize * m[i]!) / (Math.sqrt(v[i]!) + epsilon);
      }
    }
  }
}
