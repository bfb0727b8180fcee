import type { FromSchema } from 'json-schema-to-ts';
import { ERROR_STATUS, type ErrorCode } from '../errors';

/** Every error code the functions answer with, from the one table in `lib/http/errors.ts`. */
const errorCodes = Object.keys(ERROR_STATUS) as ErrorCode[];

/**
 * The error envelope every function answers a failed request with (`lib/http/response.ts` builds it).
 * `details` lists each problem with the request, by JSON pointer into the body.
 */
export const errorResponseSchema = {
  $id: 'ErrorResponse',
  title: 'Error envelope',
  type: 'object',
  additionalProperties: false,
  required: ['error', 'requestId'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          enum: errorCodes,
          description: 'Stable, machine-readable; the HTTP status follows from it.',
        },
        message: { type: 'string', description: 'For people; safe to show.' },
        details: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'message'],
            properties: {
              path: { type: 'string', description: 'JSON pointer into the request body; `/` for the body itself.' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header; quote it when reporting a problem.' },
  },
} as const;

/**
 * The same envelope as API Gateway itself answers with (missing or wrong API key, throttling, quota), configured in
 * serverless.yml's `GatewayResponse` resources: `code` is the gateway's response type, e.g. `INVALID_API_KEY`,
 * `THROTTLED`, `QUOTA_EXCEEDED`, and there are no `details`.
 */
export const gatewayErrorResponseSchema = {
  $id: 'GatewayErrorResponse',
  title: 'Error envelope written by API Gateway',
  type: 'object',
  required: ['error', 'requestId'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description: "API Gateway's response type, e.g. INVALID_API_KEY, THROTTLED, QUOTA_EXCEEDED.",
        },
        message: { type: 'string' },
      },
    },
    requestId: { type: 'string' },
  },
} as const;

export type ErrorResponse = FromSchema<typeof errorResponseSchema>;
export type GatewayErrorResponse = FromSchema<typeof gatewayErrorResponseSchema>;
