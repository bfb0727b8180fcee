import {
  applyAbstention,
  operatingCurve,
  operatingPoint,
  policyScore,
  type AbstainPolicy,
  type OperatingPoint,
} from '../../lib/model/abstain';
import type { Prediction } from '../../lib/model/types';

/** How a bundle's abstention does on a set with out-of-scope rows (`--oos-label`). */
export interface OosEvaluation {
  /** In-scope rows answered with the right label and not abstained, over in-scope rows. */
  inScopeAccuracy: number;
  /**
   * In-scope rows whose best label other than the fallback label is right: the accuracy of the same model made to
   * always name an intent, what abstention's cost (`bestIntentAccuracy - inScopeAccuracy`) is measured from.
   */
  bestIntentAccuracy: number;
  /** Out-of-scope rows abstained on, over out-of-scope rows. */
  oosRecall: number;
  /** Out-of-scope rows abstained on, over rows abstained on (1 when none is). */
  oosPrecision: number;
  /** Rows abstained on, over all rows. */
  abstainRate: number;
  inScopeRows: number;
  oosRows: number;
  /** The policy applied (threshold 0: none). */
  policy: AbstainPolicy;
  /** In-scope accuracy against out-of-scope recall over thresholds of `policy.method`, from 0 upwards. */
  curve: OperatingPoint[];
}

/**
 * Scores abstention on labelled predictions: rows labelled `oosLabel` count as right when abstained, the others when
 * answered (not abstained) with their label.
 *
 * @param rows - each row's true label and the model's prediction (`top` with the labels the method reads: 2 for the margin, every one for best-vs-fallback; `labelsNeeded`)
 * @example evaluateOutOfScope([{ actual: 'oos', prediction }], 'oos', { method: 'max-probability', threshold: 0.5, label: 'oos' })
 */
export function evaluateOutOfScope(
  rows: readonly { actual: string; prediction: Prediction }[],
  oosLabel: string,
  policy: AbstainPolicy,
): OosEvaluation {
  const inScope = rows.filter((r) => r.actual !== oosLabel);
  const oos = rows.filter((r) => r.actual === oosLabel);
  // Correctness compares the model's own label: an abstained answer's label is the fallback, never an intent.
  const scored = inScope.map((r) => ({
    score: policyScore(policy, r.prediction),
    correct: r.prediction.label === r.actual,
  }));
  const oosScores = oos.map((r) => policyScore(policy, r.prediction));
  const abstained = rows.filter((r) => applyAbstention(r.prediction, policy).abstained).length;
  const point = operatingPoint(scored, oosScores, policy.threshold);
  // `top` holds at least two labels, so it names an intent even when the fallback label is first.
  const bestIntent = (p: Prediction) => p.top.find((entry) => entry.label !== policy.label)?.label;
  const rightIntents = inScope.filter((r) => bestIntent(r.prediction) === r.actual).length;
  return {
    inScopeAccuracy: point.inScopeAccuracy,
    bestIntentAccuracy: inScope.length === 0 ? 0 : rightIntents / inScope.length,
    oosRecall: point.oosRecall ?? 0,
    oosPrecision: point.oosPrecision ?? 1,
    abstainRate: rows.length === 0 ? 0 : abstained / rows.length,
    inScopeRows: inScope.length,
    oosRows: oos.length,
    policy,
    curve: operatingCurve(scored, oosScores),
  };
}
