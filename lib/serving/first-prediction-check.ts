import { ModelLoadError } from '../model/errors';
import { InputValueError } from '../model/inputs/preparer';
import type { Classifier, ClassifierInput, Prediction } from '../model/types';

/** Reason given to clients when a loaded model cannot predict (the cause is logged). */
export const CANNOT_PREDICT_REASON = 'the model failed its first prediction';

/**
 * A loaded classifier whose first successful prediction is the proof that it can predict, instead of a warm-up
 * prediction at load: a cold start then runs the model once before its first answer, not twice (for an imported
 * LSTM of 200 steps that second run was a third of the cold start).
 *
 * Until one prediction has succeeded, a failure that is not the request's own (a bad input value) is checked on the
 * warm-up input `loadClassifier` used to run: if that fails too, the model cannot predict, and this classifier
 * becomes broken: `onBroken` is called (to drop it, so the next request loads afresh) and this and every later
 * call throws a {@link ModelLoadError}, which the routes answer as 503 MODEL_UNAVAILABLE with a retry, as a failed
 * load. If the warm-up input predicts, the failure was the request's own and is thrown as it was.
 */
export class FirstPredictionCheck implements Classifier {
  readonly parts?: Classifier['parts'];
  private proven = false;
  private broken: ModelLoadError | undefined;

  constructor(
    private readonly inner: Classifier,
    private readonly warmUpInput: ClassifierInput,
    private readonly onBroken: (error: ModelLoadError) => void,
  ) {
    if (inner.parts) this.parts = (input, limit) => inner.parts!(input, limit);
  }

  get info() {
    return this.inner.info;
  }

  classify(inputs: readonly ClassifierInput[], topK: number): Prediction[] {
    if (this.broken) throw this.broken;
    if (this.proven) return this.inner.classify(inputs, topK);
    try {
      const predictions = this.inner.classify(inputs, topK);
      this.proven = true;
      return predictions;
    } catch (error) {
      if (error instanceof InputValueError || !this.cannotPredict()) throw error;
      this.broken = new ModelLoadError(CANNOT_PREDICT_REASON, { cause: error });
      this.onBroken(this.broken);
      throw this.broken;
    }
  }

  dispose(): void {
    this.inner.dispose();
  }

  /** Whether the model fails on the warm-up input too (then it cannot predict at all). */
  private cannotPredict(): boolean {
    try {
      this.inner.classify([this.warmUpInput], 1);
      this.proven = true;
      return false;
    } catch {
      return true;
    }
  }
}
