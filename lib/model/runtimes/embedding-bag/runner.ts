import type { WeightValues } from '../../bundle/weight-values';
import type { ModelBatch } from '../../inputs/batch';
import type { ModelRunner } from '../runtime';
import { runAveragedHeads, type DenseLayer } from './dense-head';
import type { EmbeddingBagPlan } from './plan';
import { poolEmbeddings } from './pooling';

/** One embedding bag of the served model: its table and its dense head, as plain arrays. */
export interface Branch {
  /** Width of the embeddings (the pooled vector). */
  dim: number;
  /** The embedding table, row-major `[rows, dim]`. */
  table: Float32Array;
  /** The dense layers after the pooling. */
  head: readonly DenseLayer[];
  /** For an ensemble member: 1 for each table row that is not all zeros (rows of n-grams the member never saw are). */
  liveRows?: Uint8Array;
}

/**
 * Runs an embedding-bag model (see `plan.ts`) with the maths of `model.predict`, in plain JavaScript:
 *
 * - the pooling `Σ weight_i · table[id_i]` is a sparse sum of a few hundred table rows per text. Through tfjs it is
 *   a `gather` of `[batch, length, dim]` rows plus a batched matMul, and tfjs's gather kernel costs ~150-200 ns per
 *   element, more than everything else together; in JavaScript it is a few microseconds per text (`poolEmbeddings`,
 *   shared with training);
 * - the head (the dense layers) is a few dozen inputs by one output per label, where a tfjs call costs more than the
 *   arithmetic (`dense-head.ts`);
 * - an ensemble runs every branch on the same padded batch and averages their outputs, as its `Average` layer does.
 *
 * So serving the trainer's models never evaluates tfjs: no backend to initialise, no tensors to leak.
 * `__tests__/model/embedding-bag-runtime.test.ts` checks the scores equal tfjs-layers' `model.predict`, and the
 * generic layers runtime's, within 1e-5.
 */
export class EmbeddingBagRunner implements ModelRunner {
  readonly outputs: number;

  /** @param branches - one branch, or an ensemble's members (averaged) */
  constructor(private readonly branches: readonly Branch[]) {
    this.outputs = branches[0]!.head.at(-1)!.units;
  }

  run(batch: ModelBatch): Float32Array {
    const [ids, weights] = batch.inputs;
    if (!ids || !weights || ids.shape.length !== 2) throw new Error('an embedding bag takes two [rows, length] inputs: ids and weights');
    const padded = { ids: ids.values as Int32Array, weights: weights.values as Float32Array, batch: batch.rows, length: ids.shape[1]! };
    const pooled = this.branches.map(({ dim, table, liveRows }) => poolEmbeddings(table, dim, padded, liveRows));
    return runAveragedHeads(pooled, batch.rows, this.branches.map((b) => b.head));
  }

  /** Nothing to free: the weights are plain arrays. */
  dispose(): void {}
}

/**
 * Builds the runner from a model's decoded weights (`bundle/weight-values.ts`).
 *
 * @throws Error when a weight the plan names is missing or has the wrong shape or dtype
 */
export function createEmbeddingBagRunner(plan: EmbeddingBagPlan, weights: readonly WeightValues[]): EmbeddingBagRunner {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const take = (name: string, shape: number[]): Float32Array => {
    const weight = byName.get(name);
    if (!weight) throw new Error(`weight ${name} is missing`);
    if (weight.shape.join() !== shape.join()) throw new Error(`weight ${name} has shape [${weight.shape}], expected [${shape}]`);
    if (weight.dtype !== 'float32') throw new Error(`weight ${name} is ${weight.dtype}, expected float32`);
    return weight.values as Float32Array;
  };
  const branches = plan.branches.map((branch): Branch => {
    const table = take(branch.embedding, [branch.inputDim, branch.outputDim]);
    let width = branch.outputDim;
    const head = branch.head.map((step): DenseLayer => {
      const layer: DenseLayer = {
        kernel: take(step.kernel, [width, step.units]),
        inputs: width,
        units: step.units,
        bias: step.bias === undefined ? undefined : take(step.bias, [step.units]),
        activation: step.activation,
      };
      width = step.units;
      return layer;
    });
    return { dim: branch.outputDim, table, head, liveRows: plan.branches.length > 1 ? nonZeroRows(table, branch.outputDim) : undefined };
  });
  return new EmbeddingBagRunner(branches);
}

/** 1 for each row of a row-major `[rows, dim]` table holding a non-zero value. */
function nonZeroRows(table: Float32Array, dim: number): Uint8Array {
  const live = new Uint8Array(table.length / dim);
  for (let row = 0; row < live.length; row++) {
    for (let at = row * dim, end = at + dim; at < end; at++) {
      if (table[at] !== 0) {
        live[row] = 1;
        break;
      }
    }
  }
  return live;
}
