import { runAveragedHeads, type DenseLayer } from './dense-head';
import { runStackedHeads, stackHeads, type StackedHeads } from './stacked-heads';
import { poolEmbeddings } from './pooling';
import type { EmbeddingBagPlan } from './plan';
import { padBatch, vectorize, type PreprocessingConfig, type Vocabulary } from '../../inputs/ngrams';
import type { tf } from '../../tf/core';
import { clampTopK, predictionFromRow } from '../../top-k';
import type { Classifier, ModelInfo, Prediction } from '../../types';

/** One embedding bag of the served model: its table (read out of tfjs once) and its dense head (kept as tensors). */
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
 * Serves an embedding-bag model (see `plan.ts`) with the maths of `model.predict`:
 *
 * - the pooling `Σ weight_i · table[id_i]` is a sparse sum of a few hundred table rows per text. Through tfjs it is
 *   a `gather` of `[batch, length, dim]` rows plus a batched matMul, and tfjs's gather kernel costs ~150-200 ns per
 *   element, more than everything else together, without getting cheaper per text in a batch; in JavaScript it is a
 *   few microseconds per text (`poolEmbeddings`, shared with training), so the table is read out of tfjs once, at load;
 * - the head (the dense layers) then runs through tfjs on the whole `[batch, dim]` block in one call
 *   (`dense-head.ts`), with its weights kept as tensors for the life of the classifier;
 * - an ensemble runs every branch so on the same padded batch and averages their outputs, as its `Average` layer does.
 *
 * `__tests__/model/embedding-bag-runtime.test.ts` checks the scores equal tfjs-layers' `model.predict` within 1e-5.
 */
export class EmbeddingBagClassifier implements Classifier {
  /**
   * @param info - the bundle's identity
   * @param vocabulary - the bundle's vocabulary
   * @param config - the bundle's preprocessing configuration
   * @param branches - one branch, or an ensemble's members (averaged)
   */
  constructor(
    readonly info: ModelInfo,
    private readonly vocabulary: Vocabulary,
    private readonly config: PreprocessingConfig,
    private readonly branches: readonly Branch[],
  ) {
    this.stacked = stackHeads(branches.map((b) => b.head));
    if (this.stacked) this.disposeBranchHeads(); // the stacked copies are all the classifier needs
  }

  /** The members' heads as one batched product, when they allow it (see `stacked-heads.ts`). */
  private readonly stacked: StackedHeads | undefined;

  classify(texts: readonly string[], topK: number): Prediction[] {
    if (texts.length === 0) return [];
    const k = clampTopK(topK, this.info.labels.length);
    const batch = padBatch(texts.map((text) => vectorize(text, this.vocabulary, this.config)));
    const pooled = this.branches.map(({ dim, table, liveRows }) => poolEmbeddings(table, dim, batch, liveRows));
    const heads = this.branches.map((b) => b.head);
    const probs = this.stacked ? runStackedHeads(pooled, texts.length, this.stacked) : runAveragedHeads(pooled, texts.length, heads);
    const predictions: Prediction[] = new Array(texts.length);
    for (let row = 0; row < texts.length; row++) predictions[row] = predictionFromRow(probs, row, this.info.labels, k);
    return predictions;
  }

  dispose(): void {
    if (this.stacked) {
      this.stacked.kernel.dispose();
    } else {
      this.disposeBranchHeads();
    }
  }

  private disposeBranchHeads(): void {
    for (const { head } of this.branches) {
      for (const { kernel, bias } of head) {
        kernel.dispose();
        bias?.dispose();
      }
    }
  }
}

/**
 * Builds the classifier from a model's decoded weights: keeps the heads' weights (owned by the classifier from then
 * on) and disposes every other tensor in the map, whatever happens.
 *
 * @throws Error when a weight the plan names is missing or has the wrong shape
 */
export function createEmbeddingBagClassifier(
  info: ModelInfo,
  vocabulary: Vocabulary,
  config: PreprocessingConfig,
  plan: EmbeddingBagPlan,
  weights: tf.NamedTensorMap,
): EmbeddingBagClassifier {
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
    const branches = plan.branches.map((branch): Branch => {
      // The embedding table is read out once (the pooling runs in JavaScript); the head's weights stay tensors.
      const table = take(branch.embedding, [branch.inputDim, branch.outputDim]).dataSync() as Float32Array;
      let width = branch.outputDim;
      const head = branch.head.map((step): DenseLayer => {
        const layer: DenseLayer = {
          kernel: keep(take(step.kernel, [width, step.units]) as tf.Tensor2D),
          bias: step.bias === undefined ? undefined : keep(take(step.bias, [step.units]) as tf.Tensor1D),
          activation: step.activation,
        };
        width = step.units;
        return layer;
      });
      return { dim: branch.outputDim, table, head, liveRows: plan.branches.length > 1 ? nonZeroRows(table, branch.outputDim) : undefined };
    });
    return new EmbeddingBagClassifier(info, vocabulary, config, branches);
  } catch (error) {
    for (const tensor of kept) tensor.dispose();
    throw error;
  } finally {
    for (const tensor of Object.values(weights)) if (!kept.has(tensor)) tensor.dispose();
  }
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
