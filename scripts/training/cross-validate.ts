import { fitOptionsFor, type AbstentionOptions } from './abstention';
import type { LabelledRow } from './csv';
import type { FitCallbacks } from './fit';
import { classificationMetrics } from './metrics';
import { stratifiedFolds, stratifiedSplit } from './split';
import { fitRun, prepareRun, type RunOptions } from './training-run';

/** Accuracy and macro-F1 of one fold's held-out rows. */
export interface FoldResult {
  fold: number;
  /** Rows trained on: the other folds, less the `stoppingRows`. */
  trainRows: number;
  /** Rows of the other folds set aside for early stopping (0 without `patience`); not trained on. */
  stoppingRows: number;
  validationRows: number;
  accuracy: number;
  macroF1: number;
  seconds: number;
  /** With `probeBits`: accuracy and macro-F1 with the weights stored at each bit depth. */
  quantized?: { bits: number; accuracy: number; macroF1: number }[];
}

/** Mean and (sample) standard deviation over the folds. */
export interface Spread {
  mean: number;
  std: number;
}

/** What `--cv K` measures and what the manifest records under `metrics.crossValidation`. */
export interface CrossValidationSummary {
  folds: number;
  seed: number;
  /** Rows predicted in total: every usable row once. */
  n: number;
  accuracy: Spread;
  macroF1: Spread;
  /** Wall-clock time of the whole cross-validation. */
  seconds: number;
}

export interface CrossValidationResult extends CrossValidationSummary {
  perFold: FoldResult[];
  /** With `probeBits`: mean ± std over the folds at each bit depth. */
  quantized?: { bits: number; accuracy: Spread; macroF1: Spread }[];
}

export interface CrossValidationHooks extends FitCallbacks {
  onFold?: (result: FoldResult, of: number) => void;
}

/**
 * Stratified k-fold cross-validation of one configuration: for each fold, the vocabulary, idf and model are built on
 * the other folds only (exactly as a training run builds them on its training split) and the fold's rows are predicted
 * by the float32 model. Folds come from `options.seed`, so the same data, settings and seed give the same figures.
 *
 * @example
 * const cv = await crossValidate(rows, labels, options, 5);
 * console.log(`${cv.accuracy.mean.toFixed(4)} ± ${cv.accuracy.std.toFixed(4)}`);
 */
export async function crossValidate(
  rows: readonly LabelledRow[],
  labels: readonly string[],
  /** The run's settings; with an out-of-scope label, its rows weigh `oosWeight` and are clustered as in a training run. */
  options: RunOptions & AbstentionOptions,
  k: number,
  hooks: CrossValidationHooks = {},
  /** Also measure each fold with its weights rounded to uint8 codes of these bit depths (one training serves all). */
  probeBits: readonly number[] = [],
): Promise<CrossValidationResult> {
  const started = Date.now();
  const fitOptions = fitOptionsFor(labels, options);
  const folds = stratifiedFolds(
    rows.map((r) => r.label),
    k,
    options.seed,
  );
  const perFold: FoldResult[] = [];
  for (const [f, validation] of folds.entries()) {
    const foldStarted = Date.now();
    const held = new Set(validation);
    const { train, stopping } = stoppingSplit(
      rows,
      rows.map((_, i) => i).filter((i) => !held.has(i)),
      options,
    );
    const run = prepareRun(rows, train, validation, labels, options, stopping);
    const fitted = await fitRun(run, labels.length, fitOptions, hooks, false, probeBits);
    const actual = validation.map((i) => rows[i]!.label);
    const measure = (predicted: Int32Array) =>
      classificationMetrics(
        actual,
        Array.from(predicted, (i) => labels[i]!),
        labels,
      );
    const metrics = measure(fitted.floatPredictions!);
    const result: FoldResult = {
      fold: f + 1,
      trainRows: train.length,
      stoppingRows: stopping.length,
      validationRows: validation.length,
      accuracy: metrics.accuracy,
      macroF1: metrics.macroF1,
      seconds: (Date.now() - foldStarted) / 1000,
    };
    if (probeBits.length > 0) {
      result.quantized = probeBits.map((bits) => {
        const m = measure(fitted.quantizedPredictions!.get(bits)!);
        return { bits, accuracy: m.accuracy, macroF1: m.macroF1 };
      });
    }
    perFold.push(result);
    hooks.onFold?.(result, k);
  }
  const quantized =
    probeBits.length > 0
      ? probeBits.map((bits, b) => ({
          bits,
          accuracy: spread(perFold.map((r) => r.quantized![b]!.accuracy)),
          macroF1: spread(perFold.map((r) => r.quantized![b]!.macroF1)),
        }))
      : undefined;
  return {
    folds: k,
    seed: options.seed,
    n: rows.length,
    accuracy: spread(perFold.map((r) => r.accuracy)),
    macroF1: spread(perFold.map((r) => r.macroF1)),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    perFold,
    ...(quantized && { quantized }),
  };
}

/**
 * Share of a fold's training rows set aside for early stopping, as a training run's default `--val-fraction` sets
 * aside its validation rows. Stopping on the held-out fold itself would let the rows being measured choose each
 * member's epochs, and the figures would flatter the settings.
 */
export const CV_STOPPING_FRACTION = 0.1;

/** With early stopping, a fold's training rows split (stratified, by `options.seed`) into rows to learn and rows to stop on. */
function stoppingSplit(
  rows: readonly LabelledRow[],
  trainIndices: number[],
  options: Pick<RunOptions, 'patience' | 'seed'>,
): { train: number[]; stopping: number[] } {
  if (options.patience <= 0) return { train: trainIndices, stopping: [] };
  // A label with a single row in the other folds (2 rows in all, dealt into different folds) keeps it for training:
  // it cannot be both learnt and stopped on, and the folds already accepted it.
  const count = new Map<string, number>();
  for (const i of trainIndices) count.set(rows[i]!.label, (count.get(rows[i]!.label) ?? 0) + 1);
  const single = trainIndices.filter((i) => count.get(rows[i]!.label) === 1);
  const splittable = trainIndices.filter((i) => count.get(rows[i]!.label)! > 1);
  const inner = stratifiedSplit(
    splittable.map((i) => rows[i]!.label),
    CV_STOPPING_FRACTION,
    options.seed,
  );
  return {
    train: [...inner.train.map((j) => splittable[j]!), ...single].sort((a, b) => a - b),
    stopping: inner.validation.map((j) => splittable[j]!),
  };
}

/** Mean and sample standard deviation (n - 1); a single value has std 0. */
export function spread(values: readonly number[]): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}
