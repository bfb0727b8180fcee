import type { ErrorCode } from '../http/errors';
import type { REQUEST_BODY_SCHEMAS, RESPONSE_BODY_SCHEMAS } from '../http/schemas';

/** An HTTP method the service routes, lower case as serverless.yml and OpenAPI write it. */
export type HttpMethod = 'get' | 'post';

/** One route of the three API functions, as the OpenAPI document describes it. */
export interface ApiRoute {
  method: HttpMethod;
  /** The path below the stage, as in serverless.yml's `http` event (with a leading slash). */
  path: string;
  /** The function in serverless.yml that serves it. */
  functionName: string;
  operationId: string;
  summary: string;
  description: string;
  /** The request body's schema (a key of `REQUEST_BODY_SCHEMAS`); none for a GET. */
  requestBody?: keyof typeof REQUEST_BODY_SCHEMAS;
  /** The 200 body's schema (a key of `RESPONSE_BODY_SCHEMAS`). */
  success: keyof typeof RESPONSE_BODY_SCHEMAS;
  /** Every error code the route's middleware and handler can answer with. */
  errors: readonly ErrorCode[];
}

/** What every route with a JSON body can fail with, in the order the stack checks (see `lib/http/stack.ts`). */
const BODY_ERRORS = [
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'MALFORMED_JSON',
  'INVALID_REQUEST',
  'MODEL_UNAVAILABLE',
  'INTERNAL',
] as const;

/**
 * The API's routes. A test compares this table with serverless.yml's `http` events, so a route added there and
 * not here (or the other way round) fails.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    method: 'post',
    path: '/classify',
    functionName: 'classify',
    operationId: 'classify',
    summary: 'Classify one text',
    description: 'Returns the best label, its score and the topK best labels, with the model that answered.',
    requestBody: 'classify-request',
    success: 'ClassifyResponse',
    errors: BODY_ERRORS,
  },
  {
    method: 'post',
    path: '/classify/batch',
    functionName: 'classifyBatch',
    operationId: 'classifyBatch',
    summary: 'Classify many texts in one request',
    description:
      'All items go to the model in one vectorised prediction; results come back in request order, ids echoed.',
    requestBody: 'classify-batch-request',
    success: 'ClassifyBatchResponse',
    errors: BODY_ERRORS,
  },
  {
    method: 'get',
    path: '/health',
    functionName: 'health',
    operationId: 'health',
    summary: 'Check the model bundle',
    description:
      "Verifies every file of the model bundle against its manifest's sha256 (without loading the model) and reports " +
      'its name, version and labels. A broken bundle answers 503 with the reason.',
    success: 'HealthResponse',
    errors: ['MODEL_UNAVAILABLE', 'INTERNAL'],
  },
];

/** One route of the docs function (the playground and this document). Public on every stage: a browser opening the page cannot send a key. */
export interface DocsRoute {
  method: HttpMethod;
  path: string;
  functionName: string;
  operationId: string;
  summary: string;
  /** What the route answers with. */
  contentType: 'text/html' | 'application/json';
}

/** The docs function's routes; turned off with the stage's `docs` param (see serverless.yml). */
export const DOCS_ROUTES: readonly DocsRoute[] = [
  {
    method: 'get',
    path: '/',
    functionName: 'docs',
    operationId: 'playground',
    summary: 'The playground: a page to try the model in a browser',
    contentType: 'text/html',
  },
  {
    method: 'get',
    path: '/openapi.json',
    functionName: 'docs',
    operationId: 'openapi',
    summary: 'This document',
    contentType: 'application/json',
  },
];
