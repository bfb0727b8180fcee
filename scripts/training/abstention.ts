import {
  ABSTAIN_DEFAULTS,
  ABSTAIN_METHODS,
  calibrateAbstention,
  rejectAllowance,
  type AbstainMethod,
  type AbstainSection,
} from '../../lib/model/abstain';
import type { Prediction } from '../../lib/model/types';
import type { LabelledRow } from './csv';
import { UsageError } from './errors';

/** The trainer's abstention settings (`--oos-label`, `--max-reject`). */
export interface AbstentionOptions {
  /**
   * Rows with this label mean "none of the intents". They are learnt as one more label (answering it is abstaining;
   * on the out-of-scope simulation that caught far more out-of-scope rows than a threshold alone, at no in-scope
   * cost) and, in the validation split, calibrate the threshold.
   */
  oosLabel?: string;
  /** With `oosLabel`: the weight of its rows in the loss (`ABSTAIN_DEFAULTS.oosWeight`); ignored without it. */
  oosWeight?: number;
  /**
   * With `oosLabel`: how many classes its rows are learnt as (`label-clusters.ts`; `ABSTAIN_DEFAULTS.oosClusters`),
   * served as the one label; ignored without it.
   */
  oosClusters?: number;
  /**
   * The share of held-out in-scope rows the calibrated threshold may reject (default `ABSTAIN_DEFAULTS.maxReject`).
   */
  maxReject?: number;
  /**
   * Also calibrate on out-of-fold predictions of the training split's rows, from this many more trainings
   * (`calibration-folds.ts`); 0: on the validation split alone. With `oosLabel` the default is
   * `ABSTAIN_DEFAULTS.calibrationFolds`, without it 0.
   */
  calibrationFolds?: number;
}

/**
 * The out-of-scope settings as a run uses and records them: `oosWeight` filled in with its default when there is an
 * out-of-scope label, so a training run and a `--cv` of the same flags record the same settings.
 *
 * @throws UsageError for `--oos-weight` or `--oos-clusters` without `--oos-label` (they would change nothing), and for
 *   `--calibration-folds 1`
 * @example outOfScopeSettings({ oosLabel: 'oos' }) // { oosLabel: 'oos', oosWeight: 5, oosClusters: 10, calibrationFolds: 5 }
 */
export function outOfScopeSettings<T extends AbstentionOptions>(options: T): T {
  if (options.oosWeight !== undefined && options.oosLabel === undefined)
    throw new UsageError('--oos-weight weighs the rows of --oos-label; give the out-of-scope label too');
  if (options.oosClusters !== undefined && options.oosLabel === undefined)
    throw new UsageError('--oos-clusters splits the rows of --oos-label; give the out-of-scope label too');
  if (options.calibrationFolds === 1)
    throw new UsageError('--calibration-folds 1 leaves no rows to train a fold model on; use 2 or more, or 0 for none');
  if (options.oosLabel === undefined) return options;
  return {
    ...options,
    oosWeight: options.oosWeight ?? ABSTAIN_DEFAULTS.oosWeight,
    oosClusters: options.oosClusters ?? ABSTAIN_DEFAULTS.oosClusters,
    calibrationFolds: options.calibrationFolds ?? ABSTAIN_DEFAULTS.calibrationFolds,
  };
}

/**
 * The fit settings a run trains with, from its options: the out-of-scope rows' loss weight and the clusters they are
 * learnt as (a training run and `--cv` go through here, so they train alike).
 *
 * @example fitOptionsFor(['a', 'oos'], { ...options, oosLabel: 'oos' }) // { ..., labelWeights: [1, 5], splitLabel: { index: 1, clusters: 10 } }
 */
export function fitOptionsFor<T extends AbstentionOptions>(
  labels: readonly string[],
  options: T,
): T & { labelWeights?: Float32Array; splitLabel?: { index: number; clusters: number } } {
  const { oosLabel, oosClusters } = outOfScopeSettings(options);
  const splitLabel =
    oosLabel !== undefined && oosClusters! > 1
      ? { index: labels.indexOf(oosLabel), clusters: oosClusters! }
      : undefined;
  return { ...options, labelWeights: labelWeightsFor(labels, options), ...(splitLabel && { splitLabel }) };
}

/**
 * The per-label loss weights a run trains with: the out-of-scope label's rows weigh `oosWeight`, every other 1; none
 * without an out-of-scope label.
 *
 * @example labelWeightsFor(['a', 'oos', 'b'], { oosLabel: 'oos', oosWeight: 5 }) // Float32Array [1, 5, 1]
 */
export function labelWeightsFor(labels: readonly string[], options: AbstentionOptions): Float32Array | undefined {
  const { oosLabel, oosWeight } = outOfScopeSettings(options);
  if (oosLabel === undefined) return undefined;
  return Float32Array.from(labels, (label) => (label === oosLabel ? oosWeight! : 1));
}

/**
 * Checks that the out-of-scope label, when given, labels some rows.
 *
 * @throws UsageError when `oosLabel` is given but no row has it (a typo would otherwise go unnoticed)
 */
export function checkOutOfScopeRows(rows: readonly LabelledRow[], oosLabel: string | undefined): void {
  if (oosLabel !== undefined && !rows.some((r) => r.label === oosLabel))
    throw new UsageError(`--oos-label ${oosLabel}: no row has that label`);
}

/**
 * Calibrates the bundle's `abstain` section from the served held-out model's predictions on the validation rows:
 * in-scope rows by their true labels, out-of-scope ones (`oosLabel`) as the rows to catch. The fallback label is the
 * out-of-scope label when there is one, so an answer of that class counts as abstaining.
 *
 * @param validation - predictions on the validation rows (`top` with at least 2 labels) and their true labels
 * @param fallbackLabel - the label used when no `oosLabel` is given
 */
export function calibrateFromHeldOut(
  validation: { predictions: readonly Prediction[]; actual: readonly string[] },
  options: AbstentionOptions,
  fallbackLabel: string,
): AbstainSection {
  const rows = validation.predictions.map((prediction, i) => ({ prediction, actual: validation.actual[i]! }));
  const inScope = rows.filter((r) => r.actual !== options.oosLabel);
  return calibrateAbstention({
    methods: calibratedMethods(options.oosLabel !== undefined),
    inScope: inScope.map(({ prediction, actual }) => ({ prediction, correct: prediction.label === actual })),
    oos: rows.filter((r) => r.actual === options.oosLabel).map((r) => r.prediction),
    maxReject: options.maxReject ?? ABSTAIN_DEFAULTS.maxReject,
    label: options.oosLabel ?? fallbackLabel,
  });
}

/**
 * The scores calibration chooses from (the first is kept on a tie). Without an out-of-scope class,
 * `best-vs-fallback` is 1 on every row and would "win" by never rejecting. With one, it is the only one: at the same
 * share of in-scope rows rejected it caught 0.08-0.19 more of the test's out-of-scope rows than `max-probability` on
 * every simulated split, while a validation split's ten or so out-of-scope rows picked `max-probability` by one row
 * (docs/model-quality.md).
 *
 * @example calibratedMethods(false) // ['max-probability', 'margin']
 * @example calibratedMethods(true) // ['best-vs-fallback']
 */
export function calibratedMethods(withOutOfScopeClass: boolean): AbstainMethod[] {
  return withOutOfScopeClass ? ['best-vs-fallback'] : ABSTAIN_METHODS.filter((m) => m !== 'best-vs-fallback');
}

/**
 * Why calibration left the threshold off (0), in one sentence, or `undefined` when it set one. Calibration may reject
 * only whole held-out in-scope rows, at most `--max-reject` of them.
 *
 * @example whyThresholdOff(section) // 'too few held-out in-scope rows: 9 x --max-reject 0.02 allows no row to be rejected (needs 50 or more)'
 */
export function whyThresholdOff(section: AbstainSection): string | undefined {
  if (section.threshold > 0) return undefined;
  const { inScopeRows, maxReject } = section.measured;
  if (rejectAllowance(inScopeRows, maxReject) === 0) {
    const needed = Math.ceil(1 / maxReject - 1e-9);
    // With calibration folds every row already counts: only more rows or a larger share help.
    const remedies = section.measured.outOfFoldRows
      ? 'raise --max-reject, or add rows'
      : 'calibrate on every row with --calibration-folds 5, raise --val-fraction or --max-reject, or add rows';
    return (
      `too few held-out in-scope rows: ${inScopeRows} x --max-reject ${maxReject} allows no row to be rejected ` +
      `(needs ${needed} or more: ${remedies})`
    );
  }
  // In-scope rows answered with the fallback label itself are rejected at any threshold and use up the allowance.
  const answeredFallback = Math.round(section.measured.inScopeRejectRate * inScopeRows);
  if (answeredFallback >= rejectAllowance(inScopeRows, maxReject)) {
    return (
      `the model answers ${section.label} to ${answeredFallback} of the ${inScopeRows} held-out in-scope rows, ` +
      `already all that --max-reject ${maxReject} allows: no threshold on top (raise --max-reject or lower --oos-weight)`
    );
  }
  return `the lowest held-out scores leave no threshold above 0 within --max-reject ${maxReject}`;
}

/**
 * How to choose and serve a threshold by hand, for a bundle written to `out` (one line).
 *
 * @example manualThresholdHint('my-model')
 */
export function manualThresholdHint(out: string): string {
  return (
    `to set one by hand, measure it with \`npm run evaluate -- --data <labelled.csv> --model ${out} --threshold 0.3\`, ` +
    `then serve it with ABSTAIN_THRESHOLD=0.3 (or a request's "threshold")`
  );
}
