import type { InputPreparer } from './inputs/preparer';
import { toProbabilities, type OutputKind } from './outputs/output';
import type { ModelRunner } from './runtimes/runtime';
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
    const predictions: Prediction[] = new Array(inputs.length);
    for (let row = 0; row < inputs.length; row++) predictions[row] = predictionFromRow(probs, row, this.info.labels, k);
    return predictions;
  }

  dispose(): void {
    this.runner.dispose();
  }
}
