import {
  padBatch,
  vectorize,
  type PaddedBatch,
  type PreprocessingConfig,
  type SparseVector,
  type Vocabulary,
} from '../../lib/model/inputs/ngrams';

/**
 * Many texts' sparse vectors stored compactly (one flat ids array and one flat weights array with row offsets),
 * so 50,000+ rows fit in memory; batches are padded only when used.
 */
export interface FeatureMatrix {
  offsets: Int32Array;
  ids: Int32Array;
  weights: Float32Array;
  rows: number;
}

/** Vectorises texts with the serving preprocessing into a {@link FeatureMatrix}. */
export function vectorizeAll(
  texts: readonly string[],
  vocabulary: Vocabulary,
  config: PreprocessingConfig,
): FeatureMatrix {
  const vectors = texts.map((text) => vectorize(text, vocabulary, config));
  const offsets = new Int32Array(vectors.length + 1);
  vectors.forEach((v, i) => (offsets[i + 1] = offsets[i]! + v.ids.length));
  const total = offsets[vectors.length]!;
  const ids = new Int32Array(total);
  const weights = new Float32Array(total);
  vectors.forEach((v, i) => {
    ids.set(v.ids, offsets[i]!);
    weights.set(v.weights, offsets[i]!);
  });
  return { offsets, ids, weights, rows: vectors.length };
}

/** Pads the given rows of a matrix into one batch. */
export function batchOf(matrix: FeatureMatrix, rows: readonly number[]): PaddedBatch {
  const vectors: SparseVector[] = rows.map((r) => {
    const start = matrix.offsets[r]!;
    const end = matrix.offsets[r + 1]!;
    return { ids: matrix.ids.subarray(start, end), weights: matrix.weights.subarray(start, end) };
  });
  return padBatch(vectors);
}
