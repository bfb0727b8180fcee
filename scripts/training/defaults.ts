/**
 * What `npm run train` does with no modelling flags: the configuration that won the cross-validation recorded in the
 * README ("Model quality"): one embedding bag of width 96 (wider than the 77 labels, so the linear head is full
 * rank: softmax regression on the TF-IDF vector) over word 1-2-grams and in-word character 2-5-grams. The
 * ensembles tried lost to it on 5-fold cross-validation. Every CLI default of a modelling flag comes from here, and `__tests__/scripts/defaults.test.ts` checks
 * the README documents these values.
 */
export const MODEL_DEFAULTS = {
  /** @default 12 */
  epochs: 12,
  /** @default 42 */
  seed: 42,
  /** @default 32 */
  batchSize: 32,
  /** @default 0.001 */
  learningRate: 0.001,
  /** @default 'constant' */
  lrSchedule: 'constant',
  /** @default 96 */
  embeddingDim: 96,
  /** @default 0 */
  hiddenUnits: 0,
  /** @default 0 */
  dropout: 0,
  /** @default 0 */
  tokenDropout: 0,
  /** @default 0 */
  labelSmoothing: 0,
  /** @default 1 */
  members: 1,
  /** @default ['all'] */
  views: ['all'],
  /** @default 0 */
  l2: 0,
  /** @default 2 */
  minDf: 2,
  /** @default 30000 */
  maxVocab: 30000,
  /** @default [1, 2] */
  wordNgrams: [1, 2],
  /** @default [2, 5] */
  charNgrams: [2, 5],
  /** @default 'word-bounded' */
  charMode: 'word-bounded',
} as const satisfies Record<string, unknown>;
