import type { Prediction } from '../types';
import type { AbstainMethod, AbstainPolicy } from './policy';

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

/**
 * The score a policy's threshold is compared with: {@link abstainScore}, except that a prediction of the fallback
 * label itself (a model trained with out-of-scope rows as a class) scores -1, under every threshold, 0 included.
 *
 * @example policyScore({ method: 'max-probability', threshold: 0, label: 'oos' }, { label: 'oos', score: 0.9, top }) // -1
 */
export function policyScore(policy: Omit<AbstainPolicy, 'threshold'>, prediction: Prediction): number {
  return prediction.label === policy.label ? -1 : abstainScore(policy.method, prediction);
}
