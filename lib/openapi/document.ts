import { version as packageVersion } from '../../package.json';
import type { ServiceConfig } from '../config';
import { ERROR_STATUS, type ErrorCode } from '../http/errors';
import { REQUEST_BODY_SCHEMAS, RESPONSE_BODY_SCHEMAS } from '../http/schemas';
import { REQUEST_ID_HEADER } from '../http/middleware/request-id';
import { errorExamples, exampleBody, REQUEST_EXAMPLES } from './examples';
import { API_ROUTES, DOCS_ROUTES, type ApiRoute, type DocsRoute } from './routes';

/** An OpenAPI Server Object. */
export interface OpenApiServer {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; description?: string }>;
}

/** The OpenAPI 3.1 document, loosely typed below the top level (it is JSON for clients, not read back here). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: OpenApiServer[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
  tags: Array<{ name: string; description: string }>;
}

/** What differs between stages and between where the document is served. */
export interface OpenApiOptions {
  /** The stage (dev, staging, prod): in the title and the default servers. */
  stage: string;
  /** Whether the API routes need an `x-api-key` header (the stage's `apiKeyRequired` param). */
  apiKeyRequired: boolean;
  /** The stage's limits, stated in the descriptions and used in the error examples. */
  limits: Pick<ServiceConfig, 'maxTextChars' | 'maxBatchItems' | 'maxExplainedItems' | 'maxBodyBytes' | 'defaultTopK'>;
  /**
   * Where the API is.
   * @default {@link stageServers}(stage): API Gateway's URL for the stage, then `serverless offline`'s.
   */
  servers?: OpenApiServer[];
}

/** The security scheme's name in `components.securitySchemes`. */
export const API_KEY_SCHEME = 'apiKey';

/**
 * The servers of a stage when the document is not served by the stage itself (`npm run openapi`): API Gateway's
 * default URL, with the API id and region as variables, and `serverless offline` on its default port.
 *
 * @param stage - the stage name
 */
export function stageServers(stage: string): OpenApiServer[] {
  return [
    {
      url: `https://{apiId}.execute-api.{region}.amazonaws.com/${stage}`,
      description: `API Gateway, stage ${stage} (the ServiceEndpoint that serverless deploy prints)`,
      variables: {
        apiId: { default: 'abcdef1234', description: 'The REST API id' },
        region: { default: 'us-east-1' },
      },
    },
    { url: `http://localhost:3000/${stage}`, description: 'serverless offline (npm start)' },
  ];
}

/**
 * Builds the OpenAPI 3.1 document of the service from the route table, the request and response schemas, the
 * error table and the example events, so it changes whenever they do.
 *
 * @example
 * ```ts
 * const document = buildOpenApiDocument({ stage: 'prod', apiKeyRequired: true, limits: config });
 * document.paths['/classify'].post.security; // [{ apiKey: [] }]
 * ```
 * @param options - the stage's settings and where it is served
 * @returns a JSON-serialisable document
 */
export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const { stage, apiKeyRequired, limits } = options;
  const paths: OpenApiDocument['paths'] = {};
  const operation = (method: string, path: string, value: unknown) => {
    paths[path] = { ...paths[path], [method]: value };
  };
  for (const route of API_ROUTES) operation(route.method, route.path, apiOperation(route, options));
  for (const route of DOCS_ROUTES) operation(route.method, route.path, docsOperation(route));

  return {
    openapi: '3.1.0',
    info: {
      title: `AtlasClassifier (${stage})`,
      version: packageVersion,
      summary: 'Text classification with a TensorFlow.js model on AWS Lambda.',
      description: [
        `Limits on this stage: a text holds at most ${limits.maxTextChars} characters (Unicode code points), a batch at`,
        `most ${limits.maxBatchItems} items (${limits.maxExplainedItems} with "explain": true), a request body at most`,
        `${limits.maxBodyBytes} bytes; over a limit is a 413.`,
        `topK defaults to ${limits.defaultTopK}. Every answer carries an ${REQUEST_ID_HEADER} header, and every error the`,
        'same JSON envelope.',
        apiKeyRequired
          ? 'The API routes need an `x-api-key` header on this stage; the playground and this document do not.'
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    },
    servers: options.servers ?? stageServers(stage),
    tags: [
      { name: 'classify', description: 'The model' },
      { name: 'docs', description: 'The playground and this document (the docs function; a stage may turn it off)' },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      headers: {
        [REQUEST_ID_HEADER]: {
          description: "The request's id, also in error bodies; quote it when reporting a problem.",
          schema: { type: 'string' },
        },
      },
      ...(apiKeyRequired
        ? {
            securitySchemes: {
              [API_KEY_SCHEME]: {
                type: 'apiKey',
                in: 'header',
                name: 'x-api-key',
                description: "An API Gateway API key of this stage's usage plan.",
              },
            },
          }
        : {}),
    },
  };
}

/** Every request and response schema, under its `$id`, without the `$id` (a component's name is its identity). */
function componentSchemas(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const schema of [...Object.values(REQUEST_BODY_SCHEMAS), ...Object.values(RESPONSE_BODY_SCHEMAS)]) {
    const { $id, ...rest } = schema;
    schemas[$id] = rest;
  }
  return schemas;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const requestIdHeader = { [REQUEST_ID_HEADER]: { $ref: `#/components/headers/${REQUEST_ID_HEADER}` } };

function apiOperation(route: ApiRoute, options: OpenApiOptions): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    '200': {
      description: 'OK',
      headers: requestIdHeader,
      content: { 'application/json': { schema: ref(route.success) } },
    },
    ...errorResponses(route, options),
  };
  if (options.apiKeyRequired) {
    responses['403'] = gatewayResponse(
      'No or wrong x-api-key (written by API Gateway)',
      'INVALID_API_KEY',
      'Forbidden',
    );
  }
  responses['429'] = gatewayResponse(
    "Over the stage's rate or quota (written by API Gateway)",
    'THROTTLED',
    'Too Many Requests',
  );
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: ['classify'],
    ...(options.apiKeyRequired ? { security: [{ [API_KEY_SCHEME]: [] }] } : {}),
    ...(route.requestBody ? { requestBody: requestBody(route) } : {}),
    responses: sortedByStatus(responses),
  };
}

function requestBody(route: ApiRoute): Record<string, unknown> {
  const schema = REQUEST_BODY_SCHEMAS[route.requestBody!];
  const examples = Object.fromEntries(
    (REQUEST_EXAMPLES[route.path] ?? []).map((example) => [
      example.name,
      { summary: example.summary, value: exampleBody(example) },
    ]),
  );
  return {
    required: true,
    content: { 'application/json': { schema: ref(schema.$id), ...(Object.keys(examples).length ? { examples } : {}) } },
  };
}

/** The route's error codes grouped by status, each status with the envelope and one example per code. */
function errorResponses(route: ApiRoute, options: OpenApiOptions): Record<string, unknown> {
  const examples = errorExamples(options.limits);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of route.errors)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of byStatus) {
    // /health answers its 503 with the health fields beside the envelope.
    const schema = route.success === 'HealthResponse' && status === 503 ? 'HealthUnavailableResponse' : 'ErrorResponse';
    responses[String(status)] = {
      description: codes.join(' or '),
      headers: requestIdHeader,
      content: {
        'application/json': {
          schema: ref(schema),
          ...(schema === 'ErrorResponse'
            ? { examples: Object.fromEntries(codes.map((code) => [code, { value: examples[code] }])) }
            : {}),
        },
      },
    };
  }
  return responses;
}

function gatewayResponse(description: string, code: string, message: string): Record<string, unknown> {
  return {
    description,
    content: {
      'application/json': {
        schema: ref('GatewayErrorResponse'),
        example: { error: { code, message }, requestId: '5e1b4151-5ac6-c58f-5b5d-bd6a2a000001' },
      },
    },
  };
}

function docsOperation(route: DocsRoute): Record<string, unknown> {
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: ['docs'],
    // Public on every stage: a browser opening the page cannot send a key.
    security: [],
    responses: {
      '200': {
        description: 'OK',
        content: {
          [route.contentType]: { schema: route.contentType === 'text/html' ? { type: 'string' } : { type: 'object' } },
        },
      },
    },
  };
}

function sortedByStatus(responses: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));
}
