import type { LabelScore, Prediction } from './types';

/** Clamps a requested top-k to `[1, labelCount]` (non-numbers become 1). */
export function clampTopK(topK: number, labelCount: number): number {
  if (!Number.isFinite(topK)) return 1;
  return Math.max(1, Math.min(labelCount, Math.floor(topK)));
}

/**
 * Builds the prediction for one row of a `[batch, labels]` probability block: the best `k` labels, highest first
 * (ties keep label order).
 */
export function predictionFromRow(probs: Float32Array | number[], row: number, labels: readonly string[], k: number): Prediction {
  const width = labels.length;
  const offset = row * width;
  const top: LabelScore[] = [];
  // Insertion into a k-long sorted list: k is small, so this beats sorting all labels.
  for (let j = 0; j < width; j++) {
    const score = probs[offset + j]!;
    if (top.length === k && score <= top[k - 1]!.score) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.score < score) at--;
    top.splice(at, 0, { label: labels[j]!, score });
    if (top.length > k) top.pop();
  }
  const best = top[0]!;
  return { label: best.label, score: best.score, top };
}
