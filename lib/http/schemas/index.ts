import { classifyBatchRequestSchema } from './classify-batch-request';
import { classifyRequestSchema } from './classify-request';
import { classifyBatchResponseSchema } from './classify-batch-response';
import { classifyResponseSchema } from './classify-response';
import { errorResponseSchema, gatewayErrorResponseSchema } from './error-response';
import { healthResponseSchema, healthUnavailableResponseSchema } from './health-response';

export {
  classifyBatchRequestSchema,
  type ClassifyBatchItem,
  type ClassifyBatchRequest,
} from './classify-batch-request';
export { classifyRequestSchema, type ClassifyRequest } from './classify-request';
export {
  classifyBatchResponseSchema,
  type ClassifyBatchResponse,
  type ClassifyBatchResult,
} from './classify-batch-response';
export { classifyResponseSchema, type ClassifyResponse } from './classify-response';
export {
  errorResponseSchema,
  gatewayErrorResponseSchema,
  type ErrorResponse,
  type GatewayErrorResponse,
} from './error-response';
export {
  healthResponseSchema,
  healthUnavailableResponseSchema,
  type HealthResponse,
  type HealthUnavailableResponse,
} from './health-response';

/**
 * Every request-body schema, by the file name of its precompiled validator in `generated/`
 * (written by `npm run build:schemas`, checked for staleness by a test).
 */
export const REQUEST_BODY_SCHEMAS = {
  'classify-request': classifyRequestSchema,
  'classify-batch-request': classifyBatchRequestSchema,
} as const;

/**
 * Every response-body schema, by its `$id`. Not compiled into the functions (responses are not validated at run
 * time); the response-schema tests check real handler answers against them, and the OpenAPI document is built from
 * them.
 */
export const RESPONSE_BODY_SCHEMAS = {
  ClassifyResponse: classifyResponseSchema,
  ClassifyBatchResponse: classifyBatchResponseSchema,
  HealthResponse: healthResponseSchema,
  HealthUnavailableResponse: healthUnavailableResponseSchema,
  ErrorResponse: errorResponseSchema,
  GatewayErrorResponse: gatewayErrorResponseSchema,
} as const;
