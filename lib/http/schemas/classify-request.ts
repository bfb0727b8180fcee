import type { FromSchema } from 'json-schema-to-ts';
import { textSchema, topKSchema } from './text';
import { thresholdSchema } from './threshold';

/** Body of `POST /classify`. Unknown fields are rejected, so a typo such as `topk` is an error, not silently ignored. */
export const classifyRequestSchema = {
  $id: 'ClassifyRequest',
  title: 'POST /classify request body',
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: {
    text: textSchema,
    topK: topKSchema,
    threshold: thresholdSchema,
  },
} as const;

export type ClassifyRequest = FromSchema<typeof classifyRequestSchema>;
