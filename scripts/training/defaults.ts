/**
 * What `npm run train` does with no modelling flags: the configuration that won the cross-validation recorded in the
 * README ("Model quality"): an ensemble of three embedding bags (width 44, linear heads) that see all n-grams, only
 * the word n-grams and only the in-word character n-grams, trained with n-gram dropout 0.3, their probabilities
 * averaged. The same ensemble at width 96 scored higher but weighs 6 MB, over the 5 MB budget. Every CLI default of a modelling flag comes from here, and `__tests__/scripts/defaults.test.ts` checks
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
  /** @default 44 */
  embeddingDim: 44,
  /** @default 0 */
  hiddenUnits: 0,
  /** @default 0 */
  dropout: 0,
  /** @default 0.3 */
  tokenDropout: 0.3,
  /** @default 0 */
  labelSmoothing: 0,
  /** @default 3 */
  members: 3,
  /** @default ['all', 'words', 'chars'] */
  views: ['all', 'words', 'chars'],
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
