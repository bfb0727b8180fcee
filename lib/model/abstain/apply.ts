import { clampTopK } from '../top-k';
import type { Classifier, ClassifierInput, Prediction } from '../types';
import type { AbstainPolicy } from './policy';
import { labelsNeeded, policyScore } from './score';

/**
 * A prediction as the API answers it: `label` is the fallback label when it abstained; `score` and `top` are always
 * the model's own, so a caller can still look at what it would have said.
 */
export interface AnsweredPrediction extends Prediction {
  abstained: boolean;
}

/**
 * Applies a policy to one prediction: it abstains under the threshold, or when the model's best label is the
 * fallback label itself (a model trained with out-of-scope rows as a class). No policy never abstains.
 *
 * @example applyAbstention(p, { method: 'max-probability', threshold: 0.5, label: 'out_of_scope' })
 *   // p.score 0.3 -> { label: 'out_of_scope', score: 0.3, top: p.top, abstained: true }
 */
export function applyAbstention(prediction: Prediction, policy: AbstainPolicy | undefined): AnsweredPrediction {
  if (!policy || !(policyScore(policy, prediction) < policy.threshold)) return { ...prediction, abstained: false };
  return { ...prediction, label: policy.label, abstained: true };
}

/**
 * Classifies texts and applies a policy to each answer. When the policy's score needs more labels than the caller
 * asked for (the margin needs two, `best-vs-fallback` the fallback label's), the classifier is asked for them and `top` is cut back to `topK` afterwards, so
 * the answer looks the same with or without abstention.
 *
 * @example classifyWithAbstention(classifier, ['hi'], 3, policy) // [{ label: 'out_of_scope', abstained: true, ... }]
 */
export function classifyWithAbstention(
  classifier: Classifier,
  inputs: readonly ClassifierInput[],
  topK: number,
  policy: AbstainPolicy | undefined,
): AnsweredPrediction[] {
  const k = clampTopK(topK, classifier.info.labels.length);
  const labelCount = classifier.info.labels.length;
  const asked = policy ? Math.max(k, labelsNeeded(policy.method, labelCount)) : k;
  return classifier.classify(inputs, asked).map((prediction) => answerPrediction(prediction, policy, k));
}

/**
 * One prediction as the API answers it: the policy applied, then `top` cut back to `k` labels (the prediction may
 * hold more, asked for by the policy's score or by an explanation).
 *
 * @example answerPrediction(p, undefined, 1).top.length // 1
 */
export function answerPrediction(prediction: Prediction, policy: AbstainPolicy | undefined, k: number): AnsweredPrediction {
  const answered = applyAbstention(prediction, policy);
  return answered.top.length > k ? { ...answered, top: answered.top.slice(0, k) } : answered;
}
