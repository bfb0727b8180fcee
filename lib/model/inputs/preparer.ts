import type { ClassifierInput, InputInfo } from '../types';
import type { ModelBatch } from './batch';

/** Turns what clients send (texts or feature values) into the model's inputs; one per input kind. */
export interface InputPreparer {
  /** The kind, and for feature models the feature names, as `/health` and the routes show them. */
  readonly info: InputInfo;
  /**
   * Prepares a batch. The routes have already checked each input against `info` (see `lib/routes/model-input.ts`),
   * so a wrong kind here is a programming error.
   *
   * @throws InputMismatchError when an input is not of this kind
   */
  prepare(inputs: readonly ClassifierInput[]): ModelBatch;
}

/** An input of the wrong kind reached a preparer. */
export class InputMismatchError extends Error {
  override readonly name = 'InputMismatchError';
}

/** The inputs as texts, or an {@link InputMismatchError}. */
export function asTexts(inputs: readonly ClassifierInput[]): readonly string[] {
  for (const input of inputs) if (typeof input !== 'string') throw new InputMismatchError('this model classifies texts');
  return inputs as readonly string[];
}
