/** A held-out in-scope row as calibration sees it: its score under one method and whether the model was right. */
export interface ScoredInScope {
  score: number;
  correct: boolean;
}

/** What a threshold does on a labelled set: rates over in-scope rows, and over out-of-scope rows when there are any. */
export interface OperatingPoint {
  threshold: number;
  /** In-scope rows abstained on, over in-scope rows. */
  inScopeRejectRate: number;
  /** In-scope rows answered with the right label (not abstained), over in-scope rows. */
  inScopeAccuracy: number;
  /** Right answers over answered in-scope rows (the accuracy a caller sees when the service does answer). */
  answeredAccuracy: number;
  /** Out-of-scope rows abstained on, over out-of-scope rows (absent without out-of-scope rows). */
  oosRecall?: number;
  /** Out-of-scope rows abstained on, over all rows abstained on (absent without out-of-scope rows; 1 when none is). */
  oosPrecision?: number;
}

/**
 * The figures of one threshold (abstain when `score < threshold`).
 *
 * @example operatingPoint([{ score: 0.9, correct: true }, { score: 0.2, correct: false }], [0.1], 0.5)
 *   // { threshold: 0.5, inScopeRejectRate: 0.5, inScopeAccuracy: 0.5, answeredAccuracy: 1, oosRecall: 1, oosPrecision: 0.5 }
 */
export function operatingPoint(inScope: readonly ScoredInScope[], oosScores: readonly number[], threshold: number): OperatingPoint {
  let rejected = 0;
  let rightAnswered = 0;
  for (const row of inScope) {
    if (row.score < threshold) rejected++;
    else if (row.correct) rightAnswered++;
  }
  const answered = inScope.length - rejected;
  const point: OperatingPoint = {
    threshold,
    inScopeRejectRate: ratio(rejected, inScope.length),
    inScopeAccuracy: ratio(rightAnswered, inScope.length),
    answeredAccuracy: ratio(rightAnswered, answered),
  };
  if (oosScores.length > 0) {
    const caught = oosScores.filter((s) => s < threshold).length;
    point.oosRecall = caught / oosScores.length;
    point.oosPrecision = caught + rejected === 0 ? 1 : caught / (caught + rejected);
  }
  return point;
}

/**
 * The operating points of every threshold that changes the outcome (midway between neighbouring distinct scores),
 * from 0 (never abstain) upwards: the curve of in-scope accuracy against out-of-scope recall.
 *
 * @param maxPoints - thin the curve to about this many points (the ends are always kept)
 */
export function operatingCurve(inScope: readonly ScoredInScope[], oosScores: readonly number[], maxPoints = 200): OperatingPoint[] {
  const thresholds = candidateThresholds([...inScope.map((r) => r.score), ...oosScores]);
  const step = Math.max(1, Math.ceil(thresholds.length / maxPoints));
  const kept = thresholds.filter((_, i) => i % step === 0 || i === thresholds.length - 1);
  return kept.map((t) => operatingPoint(inScope, oosScores, t));
}

/** 0, then the positive midpoints between neighbouring distinct scores, then just above the highest score. */
export function candidateThresholds(scores: readonly number[]): number[] {
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  const thresholds = [0];
  for (let i = 1; i < distinct.length; i++) {
    const midpoint = (distinct[i - 1]! + distinct[i]!) / 2;
    if (midpoint > 0) thresholds.push(midpoint);
  }
  if (distinct.length > 0) thresholds.push(Math.min(1, distinct.at(-1)! + 1e-6));
  return thresholds;
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
