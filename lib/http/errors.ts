/**
 * The errors the API answers with. Every one becomes the same JSON envelope (see `error-envelope` middleware);
 * anything that is not an {@link ApiError} becomes a generic 500 so no internal detail reaches a client.
 */

/** Every error code of the contract, with its HTTP status. */
export const ERROR_STATUS = {
  MALFORMED_JSON: 400,
  INVALID_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  MODEL_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with the request: where (a JSON pointer into the body, `/` for the body itself) and what. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error whose code, message and details are written for the client and safe to send as they are. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.statusCode = ERROR_STATUS[code];
  }
}

/** The message of every 500: the real error goes to the log, never to the client. */
const QUOTE_REQUEST_ID = 'Quote the requestId when reporting it.';
export const INTERNAL_MESSAGE = `An unexpected error occurred. ${QUOTE_REQUEST_ID}`;

/** @returns a 500 INTERNAL error saying the model's answer was not valid (a NaN score...), with a client-safe reason */
export function invalidModelOutput(reason: string): ApiError {
  return new ApiError(
    'INTERNAL',
    `The model's answer was not valid (${reason}), so none was sent. ${QUOTE_REQUEST_ID}`,
  );
}

/**
 * @param cause - the parser's error, kept for the logs
 * @returns a 400 MALFORMED_JSON error
 */
export function malformedJson(cause?: unknown): ApiError {
  return new ApiError('MALFORMED_JSON', 'The request body is not valid JSON.', undefined, { cause });
}

/** @returns a 400 INVALID_REQUEST error listing each problem */
export function invalidRequest(
  details: readonly ErrorDetail[],
  message = 'The request body does not match the schema.',
): ApiError {
  return new ApiError('INVALID_REQUEST', message, details);
}

/** @returns a 413 PAYLOAD_TOO_LARGE error */
export function payloadTooLarge(message: string, details?: readonly ErrorDetail[]): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', message, details);
}

/** @returns a 415 UNSUPPORTED_MEDIA_TYPE error */
export function unsupportedMediaType(message = 'Content-Type must be application/json.'): ApiError {
  return new ApiError('UNSUPPORTED_MEDIA_TYPE', message);
}

/** @returns a 503 MODEL_UNAVAILABLE error carrying a client-safe reason */
export function modelUnavailable(reason: string): ApiError {
  return new ApiError('MODEL_UNAVAILABLE', `The model is unavailable: ${reason}`);
}
