import { runDenseLayers, type DenseLayer } from './dense-head';
import { poolEmbeddings } from './pooling';
import type { EmbeddingBagPlan } from './plan';
import type { ModelBatch } from '../../inputs/batch';
import type { tf } from '../../tf/core';
import type { ModelRunner } from '../runtime';

/**
 * Runs an embedding-bag model (see `plan.ts`) with the maths of `model.predict`:
 *
 * - the pooling `Σ weight_i · table[id_i]` is a sparse sum of a few hundred table rows per text. Through tfjs it is
 *   a `gather` of `[batch, length, dim]` rows plus a batched matMul, and tfjs's gather kernel costs ~150-200 ns per
 *   element, more than everything else together, without getting cheaper per text in a batch; in JavaScript it is a
 *   few microseconds per text (`poolEmbeddings`, shared with training), so the table is read out of tfjs once, at load;
 * - the head (the dense layers) then runs through tfjs on the whole `[batch, dim]` block in one call
 *   (`dense-head.ts`), with its weights kept as tensors for the life of the runner.
 *
 * `__tests__/model/embedding-bag-runtime.test.ts` checks the scores equal tfjs-layers' `model.predict`, and the
 * generic layers runtime's, within 1e-5.
 */
export class EmbeddingBagRunner implements ModelRunner {
  readonly outputs: number;

  /**
   * @param dim - width of the embeddings (the pooled vector)
   * @param table - the embedding table, row-major `[rows, dim]`
   * @param head - the dense layers after the pooling
   */
  constructor(
    private readonly dim: number,
    private readonly table: Float32Array,
    private readonly head: readonly DenseLayer[],
  ) {
    this.outputs = head.at(-1)!.kernel.shape[1];
  }

  run(batch: ModelBatch): Float32Array {
    const [ids, weights] = batch.inputs;
    if (!ids || !weights || ids.shape.length !== 2) throw new Error('an embedding bag takes two [rows, length] inputs: ids and weights');
    const padded = { ids: ids.values as Int32Array, weights: weights.values as Float32Array, batch: batch.rows, length: ids.shape[1]! };
    return runDenseLayers(poolEmbeddings(this.table, this.dim, padded), batch.rows, this.head);
  }

  dispose(): void {
    for (const { kernel, bias } of this.head) {
      kernel.dispose();
      bias?.dispose();
    }
  }
}

/**
 * Builds the runner from a model's decoded weights: keeps the head's weights (owned by the runner from then on)
 * and disposes every other tensor in the map, whatever happens.
 *
 * @throws Error when a weight the plan names is missing or has the wrong shape
 */
export function createEmbeddingBagRunner(plan: EmbeddingBagPlan, weights: tf.NamedTensorMap): EmbeddingBagRunner {
  const take = (name: string, shape: number[]): tf.Tensor => {
    const tensor = weights[name];
    if (!tensor) throw new Error(`weight ${name} is missing`);
    if (tensor.shape.join() !== shape.join()) throw new Error(`weight ${name} has shape [${tensor.shape}], expected [${shape}]`);
    if (tensor.dtype !== 'float32') throw new Error(`weight ${name} is ${tensor.dtype}, expected float32`);
    return tensor;
  };
  const kept = new Set<tf.Tensor>();
  const keep = <T extends tf.Tensor>(tensor: T): T => (kept.add(tensor), tensor);
  try {
    // The embedding table is read out once (the pooling runs in JavaScript); the head's weights stay tensors.
    const table = take(plan.embedding, [plan.inputDim, plan.outputDim]).dataSync() as Float32Array;
    let width = plan.outputDim;
    const head = plan.head.map((step): DenseLayer => {
      const layer: DenseLayer = {
        kernel: keep(take(step.kernel, [width, step.units]) as tf.Tensor2D),
        bias: step.bias === undefined ? undefined : keep(take(step.bias, [step.units]) as tf.Tensor1D),
        activation: step.activation,
      };
      width = step.units;
      return layer;
    });
    return new EmbeddingBagRunner(plan.outputDim, table, head);
  } catch (error) {
    for (const tensor of kept) tensor.dispose();
    throw error;
  } finally {
    for (const tensor of Object.values(weights)) if (!kept.has(tensor)) tensor.dispose();
  }
}
