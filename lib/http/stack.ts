import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { config as defaultConfig, type ServiceConfig } from '../config';
import { markInit } from '../observability/init-marks';
import { logger as defaultLogger } from '../observability/logger';
import { createMetrics } from '../observability/metrics';
import { accessLog } from './middleware/access-log';
import { bodyLimit } from './middleware/body-limit';
import { requireJsonContentType } from './middleware/content-type';
import { cors } from './middleware/cors';
import { errorEnvelope } from './middleware/error-envelope';
import { inputLimits, type LimitCheck } from './middleware/input-limits';
import { parseJsonBody } from './middleware/json-body';
import { requestId } from './middleware/request-id';
import { securityHeaders, type SecurityHeadersOptions } from './middleware/security-headers';
import { validateBody } from './middleware/validate-body';
import type { CompiledValidator } from './schemas/compiled-validator';
import type { HttpContext, HttpResponse, ParsedEvent } from './types';

/** What a route handler receives once the stack has run: a validated body and the resolved request context. */
export type RouteHandler<TBody> = (event: ParsedEvent<TBody>, context: HttpContext) => Promise<HttpResponse>;

/** The Lambda entry point the stack produces. */
export type HttpHandler = ((event: APIGatewayProxyEvent, context: Context) => Promise<HttpResponse>) & {
  /**
   * Sends one made-up request (the route's `warmUp` option) through the stack without its logging, metrics and
   * cold-start middlewares, so the first real request finds the request path compiled and its caches filled.
   * Meant for the Lambda init phase (see `handlers/`); never throws, writes nothing, and leaves the cold-start flags
   * (ours and Powertools') for the first real request.
   */
  warmUp(): Promise<void>;
};

/** How to read the request body; omitted for routes without one (`GET /health`). */
export interface BodyOptions<TBody> {
  /** Precompiled schema validator from `lib/http/schemas/generated/`. */
  validate: CompiledValidator;
  /** Limit check run after the schema (text length, batch size). */
  checkLimits: LimitCheck<TBody>;
}

export interface StackOptions<TBody> {
  /** Route name, used as the metrics dimension. */
  route: string;
  /**
   * HTTP method and body of the request {@link HttpHandler.warmUp} sends (a body only for routes that take one). The
   * body is asked for when the warm-up runs, so a route can fit it to the model it serves (text or features).
   */
  warmUp?: { method: 'GET' | 'POST'; body?: () => unknown | Promise<unknown> };
  body?: BodyOptions<TBody>;
  /** For a function that also answers HTML (the playground); the API functions keep the defaults. */
  securityHeaders?: SecurityHeadersOptions;
  /** Defaults to the process configuration; tests pass their own. */
  config?: ServiceConfig;
  /** Defaults to the service logger; tests pass their own. */
  logger?: Logger;
}

/**
 * Wraps a route handler with the one middleware stack all functions share. Checks run in this order, each
 * answering with the contract's envelope: body size (413) -> Content-Type (415) -> JSON parse (400) -> schema (400)
 * -> limits (413); the handler then asks for the model (503) and predicts. Every response, errors included, gets
 * security headers, CORS headers and `X-Request-Id`, and produces one access-log line and its metrics.
 *
 * Middy runs `before` hooks in `use` order and `after`/`onError` hooks in reverse, so the error envelope (used
 * after the header and logging middlewares) shapes an error before they decorate and record it.
 *
 * @param handler - the route's logic: validated body in, response out
 * @param options - route name, body handling, and overridable dependencies
 * @returns the Lambda handler
 */
export function withHttpStack<TBody>(handler: RouteHandler<TBody>, options: StackOptions<TBody>): HttpHandler {
  const config = options.config ?? defaultConfig;
  const logger = options.logger ?? defaultLogger;
  const metrics = createMetrics(options.route);

  const stack = middy<APIGatewayProxyEvent, HttpResponse, Error, HttpContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(requestId())
    .use(securityHeaders(options.securityHeaders))
    .use(cors(config.corsOrigins))
    .use(accessLog(logger, metrics))
    .use(errorEnvelope(logger));
  if (options.body) useBodyMiddlewares(stack, options.body, config);
  const route = handler as unknown as Parameters<typeof stack.handler>[0];

  // The same stack minus what observes requests (logs, metrics, cold-start flags) and the error envelope.
  const quiet = middy<APIGatewayProxyEvent, HttpResponse, Error, HttpContext>()
    .use(requestId())
    .use(securityHeaders())
    .use(cors(config.corsOrigins));
  if (options.body) useBodyMiddlewares(quiet, options.body, config);
  const quietHandler = quiet.handler(route);

  const warmUp = async (): Promise<void> => {
    const { method = 'GET', body } = options.warmUp ?? {};
    try {
      await quietHandler(warmUpEvent(method, await body?.()), warmUpContext());
    } catch {
      // Whatever failed (the model, most likely) fails the first real request too, which reports it properly.
    }
    markInit('request path warmed up');
  };
  return Object.assign(stack.handler(route) as unknown as HttpHandler, { warmUp });
}

type Stack = ReturnType<typeof middy<APIGatewayProxyEvent, HttpResponse, Error, HttpContext>>;

function useBodyMiddlewares<TBody>(stack: Stack, body: BodyOptions<TBody>, config: ServiceConfig): void {
  stack
    .use(bodyLimit(config.maxBodyBytes))
    .use(requireJsonContentType())
    .use(parseJsonBody())
    .use(validateBody(body.validate))
    .use(inputLimits(body.checkLimits));
}

/** The request id of warm-up requests (never a real one: real ids come from API Gateway or Lambda). */
export const WARM_UP_REQUEST_ID = 'init-warm-up';

function warmUpEvent(method: 'GET' | 'POST', body: unknown): APIGatewayProxyEvent {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  return {
    httpMethod: method,
    path: '/',
    resource: '/',
    headers,
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { requestId: WARM_UP_REQUEST_ID } as APIGatewayProxyEvent['requestContext'],
  };
}

function warmUpContext(): HttpContext {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'warm-up',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'warm-up',
    memoryLimitInMB: '0',
    awsRequestId: WARM_UP_REQUEST_ID,
    logGroupName: 'warm-up',
    logStreamName: 'warm-up',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    requestId: WARM_UP_REQUEST_ID,
    coldStart: false,
    startedAt: performance.now(),
    summary: {},
  };
}
