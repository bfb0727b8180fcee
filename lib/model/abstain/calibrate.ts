import type { Prediction } from '../types';
import { operatingPoint, type OperatingPoint } from './operating-point';
import { ABSTAIN_METHODS, type AbstainMethod } from './policy';
import { policyScore } from './score';
import type { AbstainSection } from './section';

/** A held-out in-scope row: the model's prediction and whether its label was right. */
export interface HeldOutPrediction {
  prediction: Prediction;
  correct: boolean;
}

export interface CalibrationInput {
  /** Predictions on held-out in-scope rows (their `top` must hold the labels each method reads: `labelsNeeded`). */
  inScope: readonly HeldOutPrediction[];
  /** Predictions on out-of-scope rows; may be empty. */
  oos: readonly Prediction[];
  /** The share of held-out in-scope rows the threshold may reject. */
  maxReject: number;
  /** The fallback label to record. */
  label: string;
  /** The methods to choose from (default: all). */
  methods?: readonly AbstainMethod[];
}

/**
 * How many of `rows` held-out in-scope rows a threshold may reject at `maxReject`: whole rows, rounded down, so fewer
 * than `1 / maxReject` rows allow none and calibration can only switch the threshold off.
 *
 * @example rejectAllowance(9, 0.02) // 0
 * @example rejectAllowance(1005, 0.02) // 20
 */
export function rejectAllowance(rows: number, maxReject: number): number {
  return Math.floor(maxReject * rows + 1e-9);
}

/**
 * The threshold that rejects at most `maxReject` of the given in-scope scores: midway between the highest score it
 * rejects and the lowest it keeps, so a score a hair away from a held-out one falls on the same side. 0 (off) when
 * `maxReject` allows no row at all.
 *
 * @example thresholdForRejectRate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 0.2) // 0.25
 */
export function thresholdForRejectRate(scores: readonly number[], maxReject: number): number {
  const sorted = [...scores].sort((a, b) => a - b);
  const rejects = rejectAllowance(sorted.length, maxReject);
  if (rejects === 0 || sorted.length === 0) return 0;
  if (rejects >= sorted.length) return Math.min(1, sorted.at(-1)! + 1e-6);
  // Ties at the boundary: `score < threshold` then rejects fewer than `rejects` rows, never more. Scores of -1
  // (answers of the fallback label, rejected whatever the threshold) already use up part of the allowance.
  return Math.max(0, (sorted[rejects - 1]! + sorted[rejects]!) / 2);
}

/**
 * Calibrates abstention on held-out data. For each method, the threshold rejects as many held-out in-scope rows as
 * `maxReject` allows, no more: the caller's budget of in-scope answers, spent to catch as much as the score can.
 * Then the method that does best at its threshold: the highest in-scope accuracy + out-of-scope recall (without
 * out-of-scope rows: the highest in-scope accuracy, i.e. its rejections fall most on the model's mistakes). Ties keep
 * the first of `methods`.
 *
 * With out-of-scope rows the threshold used to be the one under the cap with the best accuracy + recall on the held-out
 * rows. A data set holds few such rows (the simulation's validation split: 10), so that search stopped short of the
 * cap whenever the last out-of-scope rows were not among them (or switched the threshold off when the cap caught no
 * more of them than the out-of-scope class alone: on one simulated split 6 of 10 either way, where the cap would have
 * caught 0.15 more of the test's). Ten rows cannot tell; the cap is what the user allowed (docs/model-quality.md).
 *
 * @example calibrateAbstention({ inScope, oos: [], maxReject: 0.02, label: 'out_of_scope' })
 *   // { method: 'margin', threshold: 0.031, label: 'out_of_scope', measured: { ... } }
 */
export function calibrateAbstention(input: CalibrationInput): AbstainSection {
  const methods = input.methods ?? ABSTAIN_METHODS;
  const byMethod = {} as Record<AbstainMethod, OperatingPoint>;
  let best: AbstainMethod = methods[0]!;
  for (const method of methods) {
    const policy = { method, label: input.label };
    const inScope = input.inScope.map((row) => ({ score: policyScore(policy, row.prediction), correct: row.correct }));
    const oos = input.oos.map((prediction) => policyScore(policy, prediction));
    const threshold = round(thresholdForRejectRate(inScope.map((r) => r.score), input.maxReject));
    byMethod[method] = operatingPoint(inScope, oos, threshold);
    if (better(byMethod[method], byMethod[best])) best = method;
  }
  const { threshold, ...chosen } = byMethod[best];
  return {
    method: best,
    threshold,
    label: input.label,
    measured: {
      inScopeRows: input.inScope.length,
      oosRows: input.oos.length,
      maxReject: input.maxReject,
      ...chosen,
      byMethod,
    },
  };
}

function accuracyPlusRecall(p: OperatingPoint): number {
  return p.inScopeAccuracy + (p.oosRecall ?? 0);
}

function better(a: OperatingPoint, b: OperatingPoint): boolean {
  return accuracyPlusRecall(a) > accuracyPlusRecall(b);
}

/**
 * Six decimals, rounded down: enough for a threshold, and the manifest stays readable. Down, because a midpoint
 * rounded up can pass the score it was meant to keep: best-vs-fallback scores crowd just under 1, and a threshold
 * rounded up to 1 would reject nearly every row.
 */
function round(x: number): number {
  // The 1e-6 keeps a value already on six decimals (0.475, stored as 0.47499999...) where it is.
  return Math.floor(x * 1e6 + 1e-6) / 1e6;
}
