import { invalidRequest } from '../http/errors';
import { classifyWithAbstention, type AbstainPolicy, type AnsweredPrediction } from '../model/abstain';
import { canExplain, classifyExplained, type Explanation } from '../model/explain/occlusion';
import type { Classifier, ClassifierInput } from '../model/types';

/** An answer of either route: a prediction, and its explanation when the request asked for one. */
export type RouteAnswer = AnsweredPrediction & { explanation?: Explanation };

/**
 * The answers of `POST /classify` and `POST /classify/batch`: plain, or with `"explain": true` explained by occlusion
 * in the same single prediction (see `lib/model/explain/occlusion.ts`).
 *
 * @throws ApiError 400 INVALID_REQUEST naming `/explain` when the served model cannot explain
 * @example answerRequest(classifier, ['my card'], 3, undefined, true).answers[0].explanation?.target // 'card_arrival'
 */
export function answerRequest(
  classifier: Classifier,
  inputs: readonly ClassifierInput[],
  topK: number,
  policy: AbstainPolicy | undefined,
  explain: boolean | undefined,
): { answers: RouteAnswer[]; occludedRows: number } {
  if (!explain) return { answers: classifyWithAbstention(classifier, inputs, topK, policy), occludedRows: 0 };
  if (!canExplain(classifier)) {
    throw invalidRequest([
      { path: '/explain', message: 'is not available for this model: its input kind cannot be explained' },
    ]);
  }
  const explained = classifyExplained(classifier, inputs, topK, policy);
  return { answers: explained.predictions, occludedRows: explained.occludedRows };
}
