import type { Prediction } from '../types';
import { operatingPoint, type OperatingPoint } from './operating-point';
import { ABSTAIN_METHODS, type AbstainMethod } from './policy';
import { abstainScore } from './score';
import type { AbstainSection } from './section';

/** A held-out in-scope row: the model's prediction and whether its label was right. */
export interface HeldOutPrediction {
  prediction: Prediction;
  correct: boolean;
}

export interface CalibrationInput {
  /** Predictions on held-out in-scope rows (their `top` must hold at least 2 labels for the margin). */
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
 * The threshold that rejects at most `maxReject` of the given in-scope scores: midway between the highest score it
 * rejects and the lowest it keeps, so a score a hair away from a held-out one falls on the same side. 0 (off) when
 * `maxReject` allows no row at all.
 *
 * @example thresholdForRejectRate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 0.2) // 0.25
 */
export function thresholdForRejectRate(scores: readonly number[], maxReject: number): number {
  const sorted = [...scores].sort((a, b) => a - b);
  const rejects = Math.floor(maxReject * sorted.length + 1e-9);
  if (rejects === 0 || sorted.length === 0) return 0;
  if (rejects >= sorted.length) return Math.min(1, sorted.at(-1)! + 1e-6);
  // Ties at the boundary: `score < threshold` then rejects fewer than `rejects` rows, never more.
  return (sorted[rejects - 1]! + sorted[rejects]!) / 2;
}

/**
 * Calibrates abstention on held-out data: for each method, the threshold that rejects `maxReject` of the held-out
 * in-scope rows; then the method whose threshold does best: with out-of-scope rows, the one that catches most of
 * them (then the higher in-scope accuracy); without, the one whose rejections fall most on the model's mistakes
 * (highest in-scope accuracy). Ties keep the first method, `max-probability`.
 *
 * @example calibrateAbstention({ inScope, oos: [], maxReject: 0.02, label: 'out_of_scope' })
 *   // { method: 'margin', threshold: 0.031, label: 'out_of_scope', measured: { ... } }
 */
export function calibrateAbstention(input: CalibrationInput): AbstainSection {
  const methods = input.methods ?? ABSTAIN_METHODS;
  const byMethod = {} as Record<AbstainMethod, OperatingPoint>;
  let best: AbstainMethod = methods[0]!;
  for (const method of methods) {
    const inScope = input.inScope.map((row) => ({ score: abstainScore(method, row.prediction), correct: row.correct }));
    const oos = input.oos.map((prediction) => abstainScore(method, prediction));
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

function better(a: OperatingPoint, b: OperatingPoint): boolean {
  if (a.oosRecall !== undefined && b.oosRecall !== undefined && a.oosRecall !== b.oosRecall) return a.oosRecall > b.oosRecall;
  return a.inScopeAccuracy > b.inScopeAccuracy;
}

/** Six decimals: enough for a probability threshold, and the manifest stays readable. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
