import type { Logger } from '@aws-lambda-powertools/logger';
import { ApiError, INTERNAL_MESSAGE } from '../errors';
import { errorResponse } from '../response';
import type { HttpMiddleware } from '../types';
import { requestIdOf } from './request-id';

/**
 * Turns any error into the contract's envelope. An {@link ApiError} is sent as it is (it was written for the
 * client); anything else is a 500 with a generic message, and the real error (with its stack) goes to the log with
 * the request id. Never rethrows, so a request always gets an answer.
 *
 * @param logger - where unexpected errors are logged
 */
export function errorEnvelope(logger: Logger): HttpMiddleware {
  return {
    onError: (request) => {
      const requestId = request.context.requestId ?? requestIdOf(request.event, request.context);
      const error = request.error;
      let apiError: ApiError;
      if (error instanceof ApiError) {
        // Client errors are recorded by the access log (with their code); whoever raised a 503 logged its cause.
        apiError = error;
      } else {
        apiError = new ApiError('INTERNAL', INTERNAL_MESSAGE);
        logger.error('unexpected error', { requestId, error: error as Error });
      }
      if (request.context.summary) request.context.summary.errorCode = apiError.code;
      request.response = errorResponse(apiError, requestId);
    },
  };
}
