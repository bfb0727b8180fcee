import type { FromSchema } from 'json-schema-to-ts';
import { explanationSchema } from './explanation';
import { modelRefSchema, predictionProperties } from './prediction';

/** Body of a 200 from `POST /classify/batch`: one result per item, in request order. Closed, like the others. */
export const classifyBatchResponseSchema = {
  $id: 'ClassifyBatchResponse',
  title: 'POST /classify/batch response body',
  type: 'object',
  additionalProperties: false,
  required: ['results', 'model'],
  properties: {
    results: {
      type: 'array',
      minItems: 1,
      description: "One result per item, in the request's order.",
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'score', 'top', 'abstained'],
        properties: {
          id: { type: 'string', description: "The item's id, when the item had one." },
          ...predictionProperties,
          explanation: explanationSchema,
        },
      },
    },
    model: modelRefSchema,
  },
} as const;

export type ClassifyBatchResponse = FromSchema<typeof classifyBatchResponseSchema>;
export type ClassifyBatchResult = ClassifyBatchResponse['results'][number];
