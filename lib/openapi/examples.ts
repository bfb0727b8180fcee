/**
 * The document's examples. Request examples are the bodies of the files in events/ (the same events that
 * `serverless invoke local -p` and the tests use), so an example cannot show a request the service no longer
 * answers as stated: a test sends each one through the real handler and checks the status given here.
 * Error examples are built by the same functions that build the real errors.
 */
import classifyBatchInvalidItem from '../../events/classify-batch-invalid-item.json';
import classifyBatch from '../../events/classify-batch.json';
import classifyEmptyText from '../../events/classify-empty-text.json';
import classifyInvalidRequest from '../../events/classify-invalid-request.json';
import classifyUnknownField from '../../events/classify-unknown-field.json';
import classify from '../../events/classify.json';
import classifyExplain from '../../events/classify-explain.json';
import type { ServiceConfig } from '../config';
import {
  ApiError,
  INTERNAL_MESSAGE,
  invalidRequest,
  malformedJson,
  modelUnavailable,
  unsupportedMediaType,
  type ErrorCode,
} from '../http/errors';
import { classifyLimits } from '../http/limits';

/** An API Gateway event file from events/: only what an example needs. */
interface EventFile {
  resource: string;
  httpMethod: string;
  body: string | null;
  requestContext: { requestId: string };
}

/** One request example: the event it comes from and the status the service answers it with. */
export interface RequestExample {
  /** The event file's name (without `.json`), also the example's key in the document. */
  name: string;
  summary: string;
  status: number;
  event: EventFile;
}

/** Request examples by route path. */
export const REQUEST_EXAMPLES: Readonly<Record<string, readonly RequestExample[]>> = {
  '/classify': [
    { name: 'classify', summary: 'A text and topK', status: 200, event: classify },
    {
      name: 'classify-explain',
      summary: 'A text, explained: the weight of each word towards the label',
      status: 200,
      event: classifyExplain,
    },
    {
      name: 'classify-empty-text',
      summary: 'Whitespace only: 400 INVALID_REQUEST',
      status: 400,
      event: classifyEmptyText,
    },
    {
      name: 'classify-unknown-field',
      summary: 'A misspelt field (topk): 400 INVALID_REQUEST',
      status: 400,
      event: classifyUnknownField,
    },
    {
      name: 'classify-invalid-request',
      summary: 'A number instead of a text: 400 INVALID_REQUEST',
      status: 400,
      event: classifyInvalidRequest,
    },
  ],
  '/classify/batch': [
    { name: 'classify-batch', summary: 'Texts, with and without ids', status: 200, event: classifyBatch },
    {
      name: 'classify-batch-invalid-item',
      summary: 'An item without text and an item of the wrong type: 400 INVALID_REQUEST',
      status: 400,
      event: classifyBatchInvalidItem,
    },
  ],
};

/** The request id the examples show (the one in events/classify.json). */
const EXAMPLE_REQUEST_ID = classify.requestContext.requestId;

/**
 * One example error per code, as the service would answer it under `limits`.
 *
 * @param limits - the stage's limits, which appear in the PAYLOAD_TOO_LARGE message
 * @returns error code -> envelope
 */
export function errorExamples(
  limits: Pick<ServiceConfig, 'maxTextChars' | 'maxBatchItems'>,
): Record<ErrorCode, unknown> {
  const errors: Record<ErrorCode, ApiError> = {
    MALFORMED_JSON: malformedJson(),
    INVALID_REQUEST: invalidRequest([{ path: '/text', message: 'must not be empty or whitespace only' }]),
    PAYLOAD_TOO_LARGE: limitError(limits),
    UNSUPPORTED_MEDIA_TYPE: unsupportedMediaType(),
    INTERNAL: new ApiError('INTERNAL', INTERNAL_MESSAGE),
    MODEL_UNAVAILABLE: modelUnavailable('model/manifest.json is missing'),
  };
  return Object.fromEntries(
    Object.entries(errors).map(([code, error]) => [
      code,
      {
        error: { code, message: error.message, ...(error.details ? { details: error.details } : {}) },
        requestId: EXAMPLE_REQUEST_ID,
      },
    ]),
  ) as Record<ErrorCode, unknown>;
}

/** The error the real limit check raises for a text one character too long. */
function limitError(limits: Pick<ServiceConfig, 'maxTextChars' | 'maxBatchItems'>): ApiError {
  try {
    classifyLimits(limits)({ text: 'x'.repeat(limits.maxTextChars + 1) });
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the text limit check accepted a text over the limit');
}

/** The body of an event file, parsed (every example event has a JSON body). */
export function exampleBody(example: RequestExample): unknown {
  return JSON.parse(example.event.body ?? 'null');
}
