import type { FromSchema } from 'json-schema-to-ts';
import { explainSchema } from './explanation';
import { featuresSchema, textOrFeatures } from './features';
import { textSchema, topKSchema } from './text';
import { thresholdSchema } from './threshold';

/**
 * Body of `POST /classify/batch`. An item is either a text, `{id?, text}` or `{id?, features}`; one schema with both types (rather
 * than `oneOf`) so a bad item yields one precise error instead of one per alternative. The string keywords apply
 * to string items and the object keywords to object items. The item count limit is configuration
 * (`MAX_BATCH_ITEMS`), checked after the schema.
 */
export const classifyBatchRequestSchema = {
  $id: 'ClassifyBatchRequest',
  title: 'POST /classify/batch request body',
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      description: 'The texts to classify, at most MAX_BATCH_ITEMS; results come back in the same order.',
      items: {
        type: ['string', 'object'],
        pattern: textSchema.pattern,
        additionalProperties: false,
        properties: {
          id: { type: 'string', description: 'Echoed in the matching result.' },
          text: textSchema,
          features: featuresSchema,
        },
        ...textOrFeatures,
      },
    },
    topK: topKSchema,
    threshold: thresholdSchema,
    explain: explainSchema,
  },
} as const;

export type ClassifyBatchRequest = FromSchema<typeof classifyBatchRequestSchema>;
export type ClassifyBatchItem = ClassifyBatchRequest['items'][number];
