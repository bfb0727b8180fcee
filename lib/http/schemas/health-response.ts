import type { FromSchema } from 'json-schema-to-ts';
import { ABSTAIN_METHODS } from '../../model/abstain/policy';
import { EXAMPLE_COUNT } from '../../model/bundle/samples';
import { INPUT_KINDS } from '../../model/inputs/kinds';

/** Body of a 200 from `GET /health`: the verified bundle's identity. Closed, like the others. */
export const healthResponseSchema = {
  $id: 'HealthResponse',
  title: 'GET /health response body (model bundle intact)',
  type: 'object',
  additionalProperties: false,
  required: ['status', 'model', 'abstain', 'coldStart'],
  properties: {
    status: { const: 'ok' },
    model: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version', 'labels', 'sha256'],
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        labels: { type: 'array', minItems: 1, items: { type: 'string' }, description: "In the model's output order." },
        sha256: {
          type: 'string',
          pattern: '^[0-9a-f]{64}$',
          description: "sha256 of the bundle's manifest.json, which pins the sha256 of every other file.",
        },
        input: {
          type: 'object',
          additionalProperties: false,
          required: ['kind'],
          description: 'What the model takes: a text (`ngrams`, `sequence`) or named numbers (`features`).',
          properties: {
            kind: { enum: INPUT_KINDS },
            features: {
              type: 'array',
              items: { type: 'string' },
              description: 'Feature names in model order (features models only).',
            },
          },
        },
        examples: {
          type: 'array',
          minItems: 1,
          maxItems: EXAMPLE_COUNT,
          items: { type: 'string' },
          description:
            "A few texts the model reads, from the bundle's held-out `samples` (one per label), for a client to show " +
            'as examples. Absent when the bundle carries no samples (features bundles never do).',
        },
      },
    },
    abstain: {
      type: 'object',
      additionalProperties: false,
      required: ['threshold', 'source'],
      description:
        'The abstention in force for requests without a `threshold`; `{"threshold": 0, ...}` means it is off.',
      properties: {
        method: { enum: ABSTAIN_METHODS, description: 'The score the threshold applies to.' },
        threshold: { type: 'number', minimum: 0, maximum: 1 },
        label: { type: 'string', description: 'The fallback label of an abstained answer.' },
        source: {
          enum: ['stage', 'bundle', 'none'],
          description:
            "Where the threshold comes from: the stage's ABSTAIN_THRESHOLD, the bundle's calibration, or none.",
        },
      },
    },
    coldStart: { type: 'boolean', description: 'True for the first request this container served.' },
  },
} as const;

/**
 * Body of a 503 from `GET /health`: the health fields plus the usual error envelope, so a client that only knows
 * the envelope still understands it.
 */
export const healthUnavailableResponseSchema = {
  $id: 'HealthUnavailableResponse',
  title: 'GET /health response body (model bundle missing or corrupted)',
  type: 'object',
  additionalProperties: false,
  required: ['status', 'reason', 'error', 'requestId'],
  properties: {
    status: { const: 'unavailable' },
    reason: { type: 'string', description: 'What is wrong with the bundle, safe to show.' },
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { const: 'MODEL_UNAVAILABLE' },
        message: { type: 'string' },
      },
    },
    requestId: { type: 'string' },
  },
} as const;

export type HealthResponse = FromSchema<typeof healthResponseSchema>;
export type HealthUnavailableResponse = FromSchema<typeof healthUnavailableResponseSchema>;
