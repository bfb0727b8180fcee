import type { PreprocessingConfig } from './config';
import { normalizeText } from './normalize';
import { CHAR_PREFIX, walkNgrams, WORD_PREFIX, type NgramVisitor } from './ngrams';
import type { Vocabulary } from './vocabulary';

/** One text as model input: distinct vocabulary ids and their TF-IDF weights (same length, no padding). */
export interface SparseVector {
  ids: Int32Array;
  weights: Float32Array;
}

/** A padded batch: `ids` and `weights` are row-major `[batch, length]`; padding has id 0 and weight 0. */
export interface PaddedBatch {
  ids: Int32Array;
  weights: Float32Array;
  batch: number;
  length: number;
}

/**
 * Scratch space reused by every `vectorize` call on one vocabulary: a count per id (all zero between calls) and
 * the ids in first-seen order. Counting in flat arrays instead of a fresh `Map` per text keeps the per-request
 * path free of allocation (JavaScript runs one `vectorize` at a time, so sharing is safe).
 */
interface Counter extends NgramVisitor {
  counts: Float64Array;
  order: Int32Array;
  size: number;
  limit: number;
}

const counters = new WeakMap<Vocabulary, Counter>();

function counterFor(vocabulary: Vocabulary, maxNgrams: number): Counter {
  let counter = counters.get(vocabulary);
  if (!counter || counter.order.length < maxNgrams) {
    const c: Counter = {
      counts: new Float64Array(vocabulary.size + 1),
      order: new Int32Array(maxNgrams),
      size: 0,
      limit: maxNgrams,
      word: (words, start, n) => count(c, vocabulary.table.getWords(WORD_PREFIX, words, start, n)),
      char: (piece, start, end) => count(c, vocabulary.table.getRange(CHAR_PREFIX, piece, start, end)),
    };
    counter = c;
    counters.set(vocabulary, counter);
  }
  counter.size = 0;
  counter.limit = maxNgrams;
  return counter;
}

function count(counter: Counter, id: number): void {
  if (id === 0) return;
  if (counter.counts[id]! > 0) counter.counts[id]!++;
  else if (counter.size < counter.limit) {
    counter.counts[id] = 1;
    counter.order[counter.size++] = id;
  }
}

/**
 * Turns one text into its TF-IDF weighted bag of known n-grams.
 * Unknown n-grams are dropped; at most `config.maxNgrams` distinct ids are kept (first seen first).
 * Text that is empty after normalisation gives an empty vector (never NaN).
 *
 * @param text - raw input text
 * @param vocabulary - the bundle's vocabulary
 * @param config - the bundle's preprocessing configuration
 */
export function vectorize(text: string, vocabulary: Vocabulary, config: PreprocessingConfig): SparseVector {
  const normalized = normalizeText(text, config.maxChars, config.normalization.lowercase);
  const counter = counterFor(vocabulary, config.maxNgrams);
  walkNgrams(normalized, config, counter);
  const size = counter.size;
  const ids = new Int32Array(size);
  const weights = new Float32Array(size);
  const { tf, idf, norm } = config.weighting;
  let sumSquares = 0;
  for (let i = 0; i < size; i++) {
    const id = counter.order[i]!;
    const seen = counter.counts[id]!;
    counter.counts[id] = 0;
    const termWeight = tf === 'sublinear' ? 1 + Math.log(seen) : seen;
    const w = termWeight * (idf ? vocabulary.idf[id]! : 1);
    ids[i] = id;
    weights[i] = w;
    sumSquares += w * w;
  }
  if (norm === 'l2' && sumSquares > 0) {
    const scale = 1 / Math.sqrt(sumSquares);
    for (let j = 0; j < weights.length; j++) weights[j]! *= scale;
  }
  return { ids, weights };
}
/**
 * Pads sparse vectors into one `[batch, length]` block, `length` being the longest row (at least 1,
 * so a batch of empty texts is still a valid all-padding input).
 */
export function padBatch(rows: readonly SparseVector[]): PaddedBatch {
  let length = 1;
  for (const row of rows) length = Math.max(length, row.ids.length);
  const ids = new Int32Array(rows.length * length);
  const weights = new Float32Array(rows.length * length);
  rows.forEach((row, r) => {
    ids.set(row.ids, r * length);
    weights.set(row.weights, r * length);
  });
  return { ids, weights, batch: rows.length, length };
}
