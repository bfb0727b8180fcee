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

  /**
   * Applies one Adam step given the loss gradient with respect to the pooled vectors (`[batch, dim]`).
   * Row gradients are accumulated first, so rows repeated within a batch get one update.
   */
  update(batch: PaddedBatch, dPooled: Float32Array): void {
    const { dim, table, m, v } = this;
    const { learningRate } = this;
    const { l2 } = this.options;
    const beta1 = this.options.beta1 ?? 0.9;
    const beta2 = this.options.beta2 ?? 0.999;
    const epsilon = this.options.epsilon ?? 1e-7;
    const grads = new Map<number, Float32Array>();
    for (let b = 0; b < batch.batch; b++) {
      for (let l = 0; l < batch.length; l++) {
        const at = b * batch.length + l;
        const w = batch.weights[at]!;
        const id = batch.ids[at]!;
        if (w === 0 || id === 0) continue;
        let g = grads.get(id);
        if (!g) grads.set(id, (g = new Float32Array(dim)));
        for (let d = 0; d < dim; d++) g[d]! += w * dPooled[b * dim + d]!;
      }
    }
    this.step++;
    const correction1 = 1 - Math.pow(beta1, this.step);
    const correction2 = 1 - Math.pow(beta2, this.step);
    const stepSize = (learningRate * Math.sqrt(correction2)) / correction1;
    // Ascending id order keeps the floating-point work identical run to run.
    for (const id of [...grads.keys()].sort((a, b) => a - b)) {
      const g = grads.get(id)!;
      const row = id * dim;
      for (let d = 0; d < dim; d++) {
        const i = row + d;
        const grad = g[d]! + 2 * l2 * table[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * grad;
        v[i] = beta2 * v[i]! + (1 - beta2) * grad * grad;
        table[i]! -= (stepSize * m[i]!) / (Math.sqrt(v[i]!) + epsilon);
      }
    }
  }
}
