import type { WeightValues } from '../../bundle/weight-values';
import type { ModelBatch } from '../../inputs/batch';
import type { ModelRunner } from '../runtime';
import { denseLayer, runAveragedHeads, runDenseLayers, type DenseLayer } from './dense-head';
import type { DenseStep, EmbeddingBagPlan } from './plan';
import { poolEmbeddings, poolQuantizedEmbeddings, type QuantizedTable } from './pooling';
import { RowLiveness } from './row-liveness';

/** One embedding bag of the served model: its table and its dense head, as plain arrays. */
export interface Branch {
  /** Width of the embeddings (the pooled vector). */
  dim: number;
  /** The embedding table, row-major `[rows, dim]`: its values, or its uint8 codes when it is stored quantized. */
  table: Float32Array | QuantizedTable;
  /** The dense layers after the pooling. */
  head: readonly DenseLayer[];
  /**
   * Which table rows are all zeros (an ensemble member's rows of n-grams it never saw are), each looked at, and read
   * from disk when the table is read row by row, the first time a text uses it.
   */
  liveness?: RowLiveness;
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
 * - an ensemble runs every branch on the same padded batch and averages their outputs, as its `Average` layer does,
 *   then the dense layers after it (a label's classes summed into the label).
 *
 * So serving the trainer's models never evaluates tfjs: no backend to initialise, no tensors to leak.
 * `__tests__/model/embedding-bag-runtime.test.ts` checks the scores equal tfjs-layers' `model.predict`, and the
 * generic layers runtime's, within 1e-5.
 */
export class EmbeddingBagRunner implements ModelRunner {
  readonly outputs: number;

  /**
   * @param branches - one branch, or an ensemble's members (averaged)
   * @param release - frees what the weights hold outside the heap (the files tables are read from), at dispose
   * @param afterAverage - dense layers run on the averaged outputs
   */
  constructor(
    private readonly branches: readonly Branch[],
    private readonly release: () => void = () => undefined,
    private readonly afterAverage: readonly DenseLayer[] = [],
  ) {
    this.outputs = (afterAverage.at(-1) ?? branches[0]!.head.at(-1)!).units;
  }

  run(batch: ModelBatch): Float32Array {
    const [ids, weights] = batch.inputs;
    if (!ids || !weights || ids.shape.length !== 2) throw new Error('an embedding bag takes two [rows, length] inputs: ids and weights');
    const padded = { ids: ids.values as Int32Array, weights: weights.values as Float32Array, batch: batch.rows, length: ids.shape[1]! };
    const pooled = this.branches.map(({ dim, table, liveness }) =>
      table instanceof Float32Array ? poolEmbeddings(table, dim, padded, liveness) : poolQuantizedEmbeddings(table, dim, padded, liveness),
    );
    const averaged = runAveragedHeads(pooled, batch.rows, this.branches.map((b) => b.head));
    return this.afterAverage.length === 0 ? averaged : runDenseLayers(averaged, batch.rows, this.afterAverage);
  }

  /** The weights are plain arrays; only files kept open for reading table rows are closed. */
  dispose(): void {
    this.release();
  }
}

/**
 * Builds the runner from a model's decoded weights (`bundle/weight-values.ts`).
 *
 * @throws Error when a weight the plan names is missing or has the wrong shape or dtype
 */
export function createEmbeddingBagRunner(plan: EmbeddingBagPlan, weights: readonly WeightValues[], release?: () => void): EmbeddingBagRunner {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const weight = (name: string, shape: number[]): WeightValues => {
    const found = byName.get(name);
    if (!found) throw new Error(`weight ${name} is missing`);
    if (found.shape.join() !== shape.join()) throw new Error(`weight ${name} has shape [${found.shape}], expected [${shape}]`);
    if (found.dtype !== 'float32') throw new Error(`weight ${name} is ${found.dtype}, expected float32`);
    return found;
  };
  const take = (name: string, shape: number[]): Float32Array => {
    const found = weight(name, shape);
    if (found.affine) throw new Error(`weight ${name} was left quantized`);
    return found.values as Float32Array;
  };
  const kernel = (name: string, shape: number[]): [Float32Array | Uint8Array, WeightValues['affine']] => {
    const found = weight(name, shape);
    return [found.values as Float32Array | Uint8Array, found.affine];
  };
  // A stack of dense layers from its steps, the first taking `width` inputs.
  const denseLayers = (steps: readonly DenseStep[], width: number): DenseLayer[] =>
    steps.map((step): DenseLayer => {
      const bias = step.bias === undefined ? undefined : take(step.bias, [step.units]);
      const [values, affine] = kernel(step.kernel, [width, step.units]);
      const layer = denseLayer(values, width, step.units, bias, step.activation, affine);
      width = step.units;
      return layer;
    });
  const branches = plan.branches.map((branch): Branch => {
    const stored = weight(branch.embedding, [branch.inputDim, branch.outputDim]);
    const table: Float32Array | QuantizedTable = stored.affine
      ? { codes: stored.values as Uint8Array, ...stored.affine }
      : (stored.values as Float32Array);
    const head = denseLayers(branch.head, branch.outputDim);
    return { dim: branch.outputDim, table, head, liveness: rowLiveness(table, branch.outputDim, stored.loadRow) };
  });
  const afterAverage = denseLayers(plan.afterAverage, plan.branches[0]!.head.at(-1)!.units);
  return new EmbeddingBagRunner(branches, release, afterAverage);
}

/**
 * The liveness of a table's rows. For a quantized table, the code that decodes to exactly 0 (the trainer's quantizer
 * makes one) plays zero; without one, no row is skipped (but each is still read on first use, if rows are read so).
 */
function rowLiveness(table: Float32Array | QuantizedTable, dim: number, loadRow: ((row: number) => void) | undefined): RowLiveness {
  if (table instanceof Float32Array) return new RowLiveness(table, dim, 0, loadRow);
  const zero = Math.round(-table.min / table.scale);
  const exact = zero >= 0 && zero <= 255 && Math.fround(zero * table.scale + table.min) === 0;
  return new RowLiveness(table.codes, dim, exact ? zero : undefined, loadRow);
}
