import { ABSTAIN_DEFAULTS, calibrateAbstention, type AbstainSection } from '../../lib/model/abstain';
import type { Prediction } from '../../lib/model/types';
import type { LabelledRow } from './csv';
import { UsageError } from './errors';

/** The trainer's abstention settings (`--oos-label`, `--max-reject`). */
export interface AbstentionOptions {
  /**
   * Rows with this label mean "none of the intents". They are learnt as one more class (answering it is abstaining;
   * on the out-of-scope simulation that caught far more out-of-scope rows than a threshold alone, at no in-scope
   * cost) and, in the validation split, calibrate the threshold.
   */
  oosLabel?: string;
  /**
   * The share of held-out in-scope rows the calibrated threshold may reject (default `ABSTAIN_DEFAULTS.maxReject`, or
   * `maxRejectWithOos` with an `oosLabel`).
   */
  maxReject?: number;
}

/**
 * Checks that the out-of-scope label, when given, labels some rows.
 *
 * @throws UsageError when `oosLabel` is given but no row has it (a typo would otherwise go unnoticed)
 */
export function checkOutOfScopeRows(rows: readonly LabelledRow[], oosLabel: string | undefined): void {
  if (oosLabel !== undefined && !rows.some((r) => r.label === oosLabel)) throw new UsageError(`--oos-label ${oosLabel}: no row has that label`);
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
    inScope: inScope.map(({ prediction, actual }) => ({ prediction, correct: prediction.label === actual })),
    oos: rows.filter((r) => r.actual === options.oosLabel).map((r) => r.prediction),
    maxReject: options.maxReject ?? (options.oosLabel === undefined ? ABSTAIN_DEFAULTS.maxReject : ABSTAIN_DEFAULTS.maxRejectWithOos),
    label: options.oosLabel ?? fallbackLabel,
  });
}
