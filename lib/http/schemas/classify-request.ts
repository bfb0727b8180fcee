import type { FromSchema } from 'json-schema-to-ts';
import { explainSchema } from './explanation';
import { featuresSchema, textOrFeatures } from './features';
import { textSchema, topKSchema } from './text';
import { thresholdSchema } from './threshold';

/**
 * Body of `POST /classify`: `text` (text models) or `features` (features models). Unknown fields are rejected, so a
 * typo such as `topk` is an error, not silently ignored.
 */
export const classifyRequestSchema = {
  $id: 'ClassifyRequest',
  title: 'POST /classify request body',
  type: 'object',
  additionalProperties: false,
  properties: {
    text: textSchema,
    features: featuresSchema,
    topK: topKSchema,
    threshold: thresholdSchema,
    explain: explainSchema,
  },
  ...textOrFeatures,
} as const;

export type ClassifyRequest = FromSchema<typeof classifyRequestSchema>;
