import type { InputPreparer } from './inputs/preparer';
import { toProbabilities, type OutputKind } from './outputs/output';
import type { ModelRunner } from './runtimes/runtime';
import { ModelOutputError } from './errors';
import { clampTopK, predictionFromRow } from './top-k';
import type { Classifier, ClassifierInput, ModelInfo, Prediction } from './types';

/**
 * A classifier made of three parts chosen per bundle: the input kind's preparer (texts or features -> model inputs),
 * the runtime's runner (model inputs -> last layer's outputs) and the output kind (outputs -> probabilities).
 */
export class ComposedClassifier implements Classifier {
  constructor(
    readonly info: ModelInfo,
    private readonly preparer: InputPreparer,
    private readonly runner: ModelRunner,
    private readonly output: OutputKind,
  ) {}

  classify(inputs: readonly ClassifierInput[], topK: number): Prediction[] {
    if (inputs.length === 0) return [];
    const k = clampTopK(topK, this.info.labels.length);
    const batch = this.preparer.prepare(inputs);
    const probs = toProbabilities(this.runner.run(batch), batch.rows, this.output);
    checkProbabilities(probs, this.info.labels);
    const predictions: Prediction[] = new Array(inputs.length);
    for (let row = 0; row < inputs.length; row++) predictions[row] = predictionFromRow(probs, row, this.info.labels, k);
    return predictions;
  }

  dispose(): void {
    this.runner.dispose();
  }
}

/** Float32 rounding lets a softmax or sigmoid reach a hair past 1 (answered as 1); anything further is a broken model. */
const SCORE_SLACK = 1e-5;

/**
 * No score that is not a finite number in [0, 1] ever becomes an answer: JSON would write a NaN as `null`.
 * `probs` is this request's own array, so a score a rounding error past 1 is set to 1 in place.
 *
 * @throws ModelOutputError naming the first bad score
 */
function checkProbabilities(probs: Float32Array, labels: readonly string[]): void {
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    // Written so that NaN fails it too.
    if (!(p >= 0 && p <= 1 + SCORE_SLACK)) {
      const row = Math.floor(i / labels.length);
      throw new ModelOutputError(`score ${p} for label ${JSON.stringify(labels[i % labels.length])} of input ${row}`);
    }
    if (p > 1) probs[i] = 1;
  }
}
