import { ABSTAIN_DEFAULTS, calibrateAbstention, type AbstainSection } from '../../lib/model/abstain';
import type { Prediction } from '../../lib/model/types';
import type { LabelledRow } from './csv';
import { UsageError } from './errors';

/** The trainer's abstention settings (`--oos-label`, `--max-reject`). */
export interface AbstentionOptions {
  /** Rows with this label mean "none of the intents": not a class, used to calibrate abstention. */
  oosLabel?: string;
  /**
   * The share of held-out in-scope rows the calibrated threshold may reject (default `ABSTAIN_DEFAULTS.maxReject`, or
   * `maxRejectWithOos` with an `oosLabel`).
   */
  maxReject?: number;
}

/**
 * Sets the out-of-scope rows apart from the in-scope ones (which alone define the classes).
 *
 * @throws UsageError when `oosLabel` is given but no row has it (a typo would otherwise go unnoticed)
 */
export function separateOutOfScope(rows: readonly LabelledRow[], oosLabel: string | undefined): { inScope: LabelledRow[]; oos: LabelledRow[] } {
  if (oosLabel === undefined) return { inScope: [...rows], oos: [] };
  const inScope = rows.filter((r) => r.label !== oosLabel);
  const oos = rows.filter((r) => r.label === oosLabel);
  if (oos.length === 0) throw new UsageError(`--oos-label ${oosLabel}: no row has that label`);
  return { inScope, oos };
}

/**
 * Calibrates the bundle's `abstain` section from the served held-out model's predictions: on the validation rows
 * (with their true labels) and on every out-of-scope row (none of which the model was trained on). Its fallback
 * label is the out-of-scope label when there is one, so the service answers with the label the data uses.
 *
 * @param validation - predictions on the validation rows (`top` with at least 2 labels) and their true labels
 * @param oos - predictions on the out-of-scope rows
 * @param fallbackLabel - the label used when no `oosLabel` is given
 */
export function calibrateFromHeldOut(
  validation: { predictions: readonly Prediction[]; actual: readonly string[] },
  oos: readonly Prediction[],
  options: AbstentionOptions,
  fallbackLabel: string,
): AbstainSection {
  return calibrateAbstention({
    inScope: validation.predictions.map((prediction, i) => ({ prediction, correct: prediction.label === validation.actual[i] })),
    oos,
    maxReject: options.maxReject ?? (options.oosLabel === undefined ? ABSTAIN_DEFAULTS.maxReject : ABSTAIN_DEFAULTS.maxRejectWithOos),
    label: options.oosLabel ?? fallbackLabel,
  });
}
