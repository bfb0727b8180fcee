import { answerPrediction, type AbstainPolicy, type AnsweredPrediction } from '../abstain';
import type { InputPart, InputParts } from '../inputs/parts';
import { clampTopK } from '../top-k';
import type { Classifier, ClassifierInput, Prediction } from '../types';
import type { ExplainMethod } from './methods';

/** Defaults of explanations, declared once. */
export const EXPLAIN_DEFAULTS = {
  /**
   * Most parts (words, features) one input's explanation weighs; the rest are left out and the explanation says
   * `truncated`. Bounds an explained input at this many extra rows of one prediction.
   * @default 64
   */
  maxParts: 64,
} as const;

/** One part and its weight: `score(target | input) - score(target | input with the part occluded)`. */
export type WeightedPart = InputPart & { weight: number };

/** Why a prediction came out as it did, part by part. */
export interface Explanation {
  /** The answered label, or the model's top label when the answer abstained. */
  target: string;
  method: ExplainMethod;
  /** The input's parts in order (a text's words, or a model's features), at most `EXPLAIN_DEFAULTS.maxParts`. */
  tokens: WeightedPart[];
  /** The input had more parts than were weighed. */
  truncated: boolean;
}

/** A prediction as the API answers it, with its explanation. */
export interface ExplainedPrediction extends AnsweredPrediction {
  explanation: Explanation;
}

/** What explaining a batch cost: the rows added to the one prediction. */
export interface ExplainedBatch {
  predictions: ExplainedPrediction[];
  occludedRows: number;
}

/** A classifier whose input kind lists the parts of an input (see `Classifier.parts`). */
export type ExplainingClassifier = Classifier & Required<Pick<Classifier, 'parts'>>;

/** Whether a classifier can explain its answers. */
export function canExplain(classifier: Classifier): classifier is ExplainingClassifier {
  return typeof classifier.parts === 'function';
}

/**
 * Classifies inputs and explains each answer by occlusion. Every input and every occluded copy of it (one per part,
 * see `Classifier.parts`) go to the model as ONE batch; the answers are exactly those of `classifyWithAbstention`
 * with the same policy, and each weight is exactly the difference two plain requests would show.
 *
 * @param classifier - a classifier that has `parts` (the caller has checked)
 * @param topK - labels in each answer's `top`
 * @param policy - the abstention policy in force, applied as for the plain answer
 * @example
 * classifyExplained(classifier, ['my card was stolen'], 3, undefined).predictions[0].explanation.tokens
 * // [{ text: 'my', start: 0, end: 2, weight: 0.01 }, ..., { text: 'stolen', start: 12, end: 18, weight: 0.4 }]
 */
export function classifyExplained(
  classifier: ExplainingClassifier,
  inputs: readonly ClassifierInput[],
  topK: number,
  policy: AbstainPolicy | undefined,
  maxParts: number = EXPLAIN_DEFAULTS.maxParts,
): ExplainedBatch {
  const parts: InputParts[] = inputs.map((input) => classifier.parts(input, maxParts));
  const rows: ClassifierInput[] = [...inputs];
  for (const { parts: each } of parts) for (const { occluded } of each) rows.push(occluded);
  const { labels } = classifier.info;
  // Every label's score, so the target's is there whatever it is.
  const scored = classifier.classify(rows, labels.length);
  const k = clampTopK(topK, labels.length);
  let next = inputs.length;
  const predictions = inputs.map((_, i): ExplainedPrediction => {
    const full = scored[i]!;
    const answered = answerPrediction(full, policy, k);
    const target = answered.abstained ? full.label : answered.label;
    const base = scoreOf(full, target);
    const tokens = parts[i]!.parts.map(({ part }) => ({ ...part, weight: base - scoreOf(scored[next++]!, target) }));
    return { ...answered, explanation: { target, method: 'occlusion', tokens, truncated: parts[i]!.truncated } };
  });
  return { predictions, occludedRows: rows.length - inputs.length };
}

/** The score a full prediction (every label in `top`) gives a label. */
function scoreOf(prediction: Prediction, label: string): number {
  const entry = prediction.top.find((t) => t.label === label);
  if (!entry) throw new Error(`the prediction has no score for ${JSON.stringify(label)}`);
  return entry.score;
}
