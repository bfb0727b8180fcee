import type { FromSchema } from 'json-schema-to-ts';
import { explanationSchema } from './explanation';
import { modelRefSchema, predictionProperties } from './prediction';

/**
 * Body of a 200 from `POST /classify`. Closed (`additionalProperties: false`), so a field a handler adds without
 * adding it here fails the response-schema tests instead of going undocumented.
 */
export const classifyResponseSchema = {
  $id: 'ClassifyResponse',
  title: 'POST /classify response body',
  type: 'object',
  additionalProperties: false,
  required: ['label', 'score', 'top', 'abstained', 'model'],
  properties: {
    ...predictionProperties,
    explanation: explanationSchema,
    model: modelRefSchema,
  },
} as const;

export type ClassifyResponse = FromSchema<typeof classifyResponseSchema>;
