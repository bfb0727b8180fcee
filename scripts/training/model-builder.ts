import { tf, tfl } from '../../lib/model/tf/index';

export interface ArchitectureOptions {
  /** Vocabulary size (ids 1..size; 0 pads). */
  vocabularySize: number;
  labelCount: number;
  /** Width of the n-gram embeddings (the pooled text vector). */
  embeddingDim: number;
  /** Units of an optional hidden ReLU layer (0 = none: a linear model on the pooled vector). */
  hiddenUnits: number;
  /** Dropout on the pooled vector during training (0 = none). */
  dropout: number;
  /** Embedding bags trained independently (seeds `seed`, `seed + 1000`, ...) whose label probabilities are averaged. */
  members: number;
  seed: number;
  /**
   * With a label split into clusters (`label-clusters.ts`): for each class the members learn, the label it is served
   * as. The members then have `servedAs.length` outputs, and a fixed `label_merge` layer sums them into `labelCount`.
   */
  servedAs?: Int32Array;
}

/** The model to save and, for training, one sub-model per member sharing its layers (one member: the model itself). */
export interface BuiltModel {
  model: tfl.LayersModel;
  members: tfl.LayersModel[];
}

/**
 * The embedding-bag classifier, built from stock tfjs layers only (so any tfjs can load it):
 * ids [batch, L] -> Embedding -> weighted sum with TF-IDF weights [batch, L] (Dot over axis 1) -> (Dense ReLU) -> Dense softmax.
 * With no hidden layer this is softmax regression on the sparse TF-IDF vector, factored through the embedding.
 *
 * With `members > 1` it is an ensemble in one Functional model: each member is such a branch (its own embedding
 * table and head, layer names prefixed `m1_`, `m2_`, ...) on the same two inputs, and an `Average` layer averages
 * their softmax outputs. Members are trained one at a time through their sub-models; the whole model is what is saved.
 *
 * @example
 * const { model, members } = buildModel({ vocabularySize: 100, labelCount: 4, embeddingDim: 16, hiddenUnits: 0, dropout: 0, members: 2, seed: 1 });
 */
export function buildModel(options: ArchitectureOptions): BuiltModel {
  const ids = tfl.input({ shape: [null], dtype: 'int32', name: 'ids' });
  const weights = tfl.input({ shape: [null], dtype: 'float32', name: 'weights' });
  if (options.members <= 1) {
    const output = branch(ids, weights, options, options.seed, '');
    const member = tfl.model({ inputs: [ids, weights], outputs: output, name: 'ngram_bag_classifier' });
    if (!options.servedAs) return { model: member, members: [member] };
    const merged = mergeLabels(output, options.servedAs, options.labelCount);
    return {
      model: tfl.model({ inputs: [ids, weights], outputs: merged, name: 'ngram_bag_classifier' }),
      members: [member],
    };
  }
  const outputs = Array.from({ length: options.members }, (_, m) =>
    branch(ids, weights, options, options.seed + 1000 * m, `m${m + 1}_`),
  );
  const members = outputs.map((output, m) =>
    tfl.model({ inputs: [ids, weights], outputs: output, name: `member_${m + 1}` }),
  );
  let averaged = tfl.layers.average({ name: 'ensemble_average' }).apply(outputs) as tfl.SymbolicTensor;
  if (options.servedAs) averaged = mergeLabels(averaged, options.servedAs, options.labelCount);
  return { model: tfl.model({ inputs: [ids, weights], outputs: averaged, name: 'ngram_bag_ensemble' }), members };
}

/**
 * A stock Dense layer (linear, no bias, not trained) whose 0/1 kernel sums each label's classes: stock tfjs-layers
 * reads it, and the served probabilities still add up to 1.
 */
function mergeLabels(classes: tfl.SymbolicTensor, servedAs: Int32Array, labelCount: number): tfl.SymbolicTensor {
  const merge = tfl.layers.dense({ name: 'label_merge', units: labelCount, useBias: false, trainable: false });
  const merged = merge.apply(classes) as tfl.SymbolicTensor;
  const kernel = new Float32Array(servedAs.length * labelCount);
  servedAs.forEach((label, c) => (kernel[c * labelCount + label] = 1));
  const values = tf.tensor2d(kernel, [servedAs.length, labelCount]);
  merge.setWeights([values]);
  values.dispose();
  return merged;
}

/** One embedding bag from the inputs to its softmax, its layer names prefixed. */
function branch(
  ids: tfl.SymbolicTensor,
  weights: tfl.SymbolicTensor,
  options: ArchitectureOptions,
  seed: number,
  prefix: string,
): tfl.SymbolicTensor {
  const scale = 1 / Math.sqrt(options.embeddingDim);
  const embedded = tfl.layers
    .embedding({
      name: `${prefix}ngram_embedding`,
      inputDim: options.vocabularySize + 1,
      outputDim: options.embeddingDim,
      embeddingsInitializer: tfl.initializers.randomUniform({ minval: -scale, maxval: scale, seed }),
    })
    .apply(ids) as tfl.SymbolicTensor;
  let x = tfl.layers.dot({ axes: 1, name: `${prefix}weighted_sum` }).apply([weights, embedded]) as tfl.SymbolicTensor;
  if (options.dropout > 0)
    x = tfl.layers
      .dropout({ rate: options.dropout, seed: seed + 1, name: `${prefix}dropout` })
      .apply(x) as tfl.SymbolicTensor;
  if (options.hiddenUnits > 0) {
    x = tfl.layers
      .dense({
        name: `${prefix}hidden`,
        units: options.hiddenUnits,
        activation: 'relu',
        kernelInitializer: tfl.initializers.heUniform({ seed: seed + 2 }),
      })
      .apply(x) as tfl.SymbolicTensor;
  }
  return tfl.layers
    .dense({
      name: `${prefix}labels`,
      units: options.servedAs?.length ?? options.labelCount,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 3 }),
    })
    .apply(x) as tfl.SymbolicTensor;
}
