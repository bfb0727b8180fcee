import { invalidModelOutput, invalidRequest, type ErrorDetail } from '../http/errors';
import { ModelLoadError, ModelOutputError } from '../model/errors';
import { logger } from '../observability/logger';
import { pointerSegment, readFeatures } from '../model/inputs/features/read';
import { InputValueError } from '../model/inputs/preparer';
import type { ClassifierInput, FeatureValues, InputInfo } from '../model/types';
import { MAX_DETAILS } from '../http/validation-details';
import { toModelUnavailable } from '../serving/model-unavailable';

/** A request (or batch item) as the schema lets it through: text or features. */
export interface InputRequest {
  text?: string;
  features?: FeatureValues;
}

/**
 * Checks each request against what the served model takes (`info.input`: text, or named features) and returns the
 * classifier's inputs. The schema has already checked types; this knows the model: the right kind of input, and
 * for features models exactly its feature names (or one number per name), every one finite.
 *
 * @param requests - each item with the JSON pointer of where it sits in the body (`` for the body itself)
 * @param input - the served model's input (absent: text)
 * @throws ApiError 400 INVALID_REQUEST whose details name each offending field
 * @example
 * modelInputs([{ request: { features: { age: 41 } }, pointer: '' }], { kind: 'features', features: ['age'] }); // [{ age: 41 }]
 */
export function modelInputs(
  requests: readonly { request: InputRequest | string; pointer: string }[],
  input: InputInfo | undefined,
): ClassifierInput[] {
  const names = input?.kind === 'features' ? (input.features ?? []) : undefined;
  const details: ErrorDetail[] = [];
  const inputs = requests.map(({ request, pointer }): ClassifierInput => {
    const text = typeof request === 'string' ? request : request.text;
    if (!names) {
      if (text !== undefined) return text;
      details.push({
        path: `${pointer}/features`,
        message: 'is not taken by this model: it classifies text, send "text"',
      });
      return '';
    }
    if (typeof request === 'string' || request.features === undefined) {
      details.push({
        path: typeof request === 'string' ? pointer || '/' : `${pointer}/text`,
        message: `is not taken by this model: it classifies features, send "features" (${names.join(', ')})`,
      });
      return [];
    }
    const read = readFeatures(request.features, names);
    if ('issues' in read) {
      for (const issue of read.issues)
        details.push({ path: `${pointer}/features${issue.path}`, message: issue.message });
      return [];
    }
    return read.values;
  });
  if (details.length > 0) {
    throw invalidRequest(
      details.slice(0, MAX_DETAILS),
      'The request does not fit the model being served (see GET /health, model.input).',
    );
  }
  return inputs;
}

/**
 * Runs the classification of {@link modelInputs}' inputs, turning what the model side says of this request into the
 * contract's errors: an input whose values the model cannot take (a feature that overflows float32 when standardised)
 * is a 400 naming the field, as `modelInputs` does for the rest; an answer that is not a probability (a NaN from an
 * imported model) is a 500 saying so, with the cause logged.
 *
 * @param requests - the same list `modelInputs` was given
 * @throws ApiError 400 INVALID_REQUEST for an {@link InputValueError}, 500 INTERNAL for a {@link ModelOutputError};
 *   anything else as it was thrown
 */
export function withModelErrors<T>(
  requests: readonly { request: InputRequest | string; pointer: string }[],
  classify: () => T,
): T {
  try {
    return classify();
  } catch (error) {
    // A model found unable to predict at its first prediction: answered as a failed load (503, retry).
    if (error instanceof ModelLoadError) throw toModelUnavailable(error);
    if (error instanceof ModelOutputError) {
      logger.error('the model answered with an invalid score', { error });
      throw invalidModelOutput(error.reason);
    }
    if (!(error instanceof InputValueError)) throw error;
    const { request, pointer } = requests[error.row] ?? { request: '', pointer: '' };
    const byIndex = typeof request === 'object' && Array.isArray(request.features);
    const path = `${pointer}/features/${byIndex ? error.feature.index : pointerSegment(error.feature.name)}`;
    throw invalidRequest(
      [{ path, message: error.message }],
      'The request does not fit the model being served (see GET /health, model.input).',
    );
  }
}

/**
 * A request body the served model answers with a 200: a short text, or zeros for each feature. What the init-phase
 * warm-up sends (see `HttpHandler.warmUp`), so it runs the path real requests take, not the 400 one. Short, because
 * the warm-up is there to compile that path: the model's loops run in the interpreter at a cold start, and a longer
 * text only made them run longer (a 60-character one cost ~5 ms of each cold start).
 *
 * @example sampleInput({ kind: 'features', features: ['age', 'income'] }) // { features: [0, 0] }
 */
export function sampleInput(input: InputInfo | undefined): { text: string } | { features: number[] } {
  return input?.kind === 'features' ? { features: (input.features ?? []).map(() => 0) } : { text: 'my card' };
}
