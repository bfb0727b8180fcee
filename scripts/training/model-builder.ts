import { tfl } from '../../lib/model/tf/index';

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
  seed: number;
}

/**
 * The embedding-bag classifier, built from stock tfjs layers only (so any tfjs can load it):
 * ids [batch, L] -> Embedding -> weighted sum with TF-IDF weights [batch, L] (Dot over axis 1) -> (Dense ReLU) -> Dense softmax.
 * With no hidden layer this is softmax regression on the sparse TF-IDF vector, factored through the embedding.
 */
export function buildModel(options: ArchitectureOptions): tfl.LayersModel {
  const { seed } = options;
  const ids = tfl.input({ shape: [null], dtype: 'int32', name: 'ids' });
  const weights = tfl.input({ shape: [null], dtype: 'float32', name: 'weights' });
  const scale = 1 / Math.sqrt(options.embeddingDim);
  const embedded = tfl.layers
    .embedding({
      name: 'ngram_embedding',
      inputDim: options.vocabularySize + 1,
      outputDim: options.embeddingDim,
      embeddingsInitializer: tfl.initializers.randomUniform({ minval: -scale, maxval: scale, seed }),
    })
    .apply(ids) as tfl.SymbolicTensor;
  let x = tfl.layers.dot({ axes: 1, name: 'weighted_sum' }).apply([weights, embedded]) as tfl.SymbolicTensor;
  if (options.dropout > 0) x = tfl.layers.dropout({ rate: options.dropout, seed: seed + 1, name: 'dropout' }).apply(x) as tfl.SymbolicTensor;
  if (options.hiddenUnits > 0) {
    x = tfl.layers
      .dense({
        name: 'hidden',
        units: options.hiddenUnits,
        activation: 'relu',
        kernelInitializer: tfl.initializers.heUniform({ seed: seed + 2 }),
      })
      .apply(x) as tfl.SymbolicTensor;
  }
  const output = tfl.layers
    .dense({
      name: 'labels',
      units: options.labelCount,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 3 }),
    })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [ids, weights], outputs: output, name: 'ngram_bag_classifier' });
}
