import type { Prediction } from '../types';
import type { AbstainMethod } from './policy';

/**
 * The confidence score a threshold applies to, from a prediction's probabilities (its `top`, best first):
 * - `max-probability`: the best label's probability (Hendrycks & Gimpel's maximum softmax probability);
 * - `margin`: the best minus the second best; small when the model hesitates between two intents, which is
 *   what a text about none of them tends to look like.
 *
 * @example abstainScore('margin', { label: 'a', score: 0.5, top: [{label: 'a', score: 0.5}, {label: 'b', score: 0.3}] }) // 0.2
 */
export function abstainScore(method: AbstainMethod, prediction: Prediction): number {
  if (method === 'max-probability') return prediction.score;
  const second = prediction.top[1]?.score ?? 0;
  return prediction.score - second;
}

/**
 * How many labels a prediction's `top` must hold for {@link abstainScore} to be exact.
 *
 * @example labelsNeeded('margin') // 2
 */
export function labelsNeeded(method: AbstainMethod): number {
  return method === 'margin' ? 2 : 1;
}
