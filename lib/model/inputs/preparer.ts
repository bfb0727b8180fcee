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

/**
 * An input of the right kind whose values the model cannot take: a feature that does not stay a finite float32
 * through standardisation (`1e308` becomes Infinity). The routes answer it with a 400 naming the feature.
 */
export class InputValueError extends Error {
  override readonly name = 'InputValueError';
  constructor(
    /** Index of the input in the batch. */
    readonly row: number,
    /** Index of the feature in the model's order, and its name. */
    readonly feature: { index: number; name: string },
    message: string,
  ) {
    super(message);
  }
}

/** The inputs as texts, or an {@link InputMismatchError}. */
export function asTexts(inputs: readonly ClassifierInput[]): readonly string[] {
  for (const input of inputs) if (typeof input !== 'string') throw new InputMismatchError('this model classifies texts');
  return inputs as readonly string[];
}
