import { classifyBatchRequestSchema } from './classify-batch-request';
import { classifyRequestSchema } from './classify-request';

export { classifyBatchRequestSchema, type ClassifyBatchItem, type ClassifyBatchRequest } from './classify-batch-request';
export { classifyRequestSchema, type ClassifyRequest } from './classify-request';

/**
 * Every request-body schema, by the file name of its precompiled validator in `generated/`
 * (written by `npm run build:schemas`, checked for staleness by a test).
 */
export const REQUEST_BODY_SCHEMAS = {
  'classify-request': classifyRequestSchema,
  'classify-batch-request': classifyBatchRequestSchema,
} as const;
