import type { Prediction } from '../types';
import type { AbstainMethod, AbstainPolicy } from './policy';

/**
 * The confidence score a threshold applies to, from a prediction's probabilities (its `top`, best first):
 * - `max-probability`: the best label's probability (Hendrycks & Gimpel's maximum softmax probability);
 * - `margin`: the best minus the second best; small when the model hesitates between two intents, which is
 *   what a text about none of them tends to look like;
 * - `best-vs-fallback`: the best label's probability over itself plus the fallback label's, for a model trained
 *   with out-of-scope rows as a class (`--oos-label`): it abstains once that class comes close enough to the best
 *   label, however far ahead of the other intents the best one is. On the out-of-scope simulation it caught more
 *   out-of-scope rows than the other two at the same in-scope cost (docs/model-quality.md). For a model without
 *   that class it is 1, so no threshold under 1 abstains.
 *
 * @param fallbackLabel - the policy's label (only `best-vs-fallback` reads it)
 * @example abstainScore('margin', { label: 'a', score: 0.5, top: [{label: 'a', score: 0.5}, {label: 'b', score: 0.3}] }) // 0.2
 * @example abstainScore('best-vs-fallback', { label: 'a', score: 0.6, top: [{label: 'a', score: 0.6}, {label: 'oos', score: 0.2}] }, 'oos') // 0.75
 */
export function abstainScore(method: AbstainMethod, prediction: Prediction, fallbackLabel?: string): number {
  if (method === 'max-probability') return prediction.score;
  if (method === 'best-vs-fallback') {
    const fallback = prediction.top.find((entry) => entry.label === fallbackLabel)?.score ?? 0;
    return prediction.score / (prediction.score + fallback);
  }
  const second = prediction.top[1]?.score ?? 0;
  return prediction.score - second;
}

/**
 * How many labels a prediction's `top` must hold for {@link abstainScore} to be exact, for a model of `labelCount`
 * labels: `best-vs-fallback` needs the fallback label's probability, which may rank anywhere.
 *
 * @example labelsNeeded('margin', 77) // 2
 * @example labelsNeeded('best-vs-fallback', 78) // 78
 */
export function labelsNeeded(method: AbstainMethod, labelCount: number): number {
  if (method === 'best-vs-fallback') return labelCount;
  return method === 'margin' ? 2 : 1;
}

/**
 * The score a policy's threshold is compared with: {@link abstainScore}, except that a prediction of the fallback
 * label itself (a model trained with out-of-scope rows as a class) scores -1, under every threshold, 0 included.
 *
 * @example policyScore({ method: 'max-probability', threshold: 0, label: 'oos' }, { label: 'oos', score: 0.9, top }) // -1
 */
export function policyScore(policy: Omit<AbstainPolicy, 'threshold'>, prediction: Prediction): number {
  return prediction.label === policy.label ? -1 : abstainScore(policy.method, prediction, policy.label);
}
