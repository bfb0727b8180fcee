import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project's event files: the fuzzed events start from them, so they look like what API Gateway sends. */
export const EVENTS_DIR = join(__dirname, '..', '..', '..', 'events');

/** A fresh copy of `events/<name>.json` (the stack parses the body in place, so an event is never reused). */
export function readEvent(name: string): APIGatewayProxyEvent {
  return JSON.parse(readFileSync(join(EVENTS_DIR, `${name}.json`), 'utf8')) as APIGatewayProxyEvent;
}

/** What a fuzzed request varies; everything else comes from the route's event file. */
export interface RequestParts {
  method?: string;
  path?: string;
  /** Raw body as API Gateway passes it (base64 text when `isBase64Encoded`). */
  body: string | null;
  /** Replaces every header of the template; `null` is what API Gateway sends for a request without headers. */
  headers?: Record<string, string> | null;
  isBase64Encoded?: boolean;
  requestId?: string;
}

const TEMPLATE = { '/classify': 'classify', '/classify/batch': 'classify-batch', '/health': 'health' } as const;
export type Route = keyof typeof TEMPLATE;

/**
 * An API Gateway REST (v1) proxy event for `route`, built from its file in `events/` with the given parts.
 * `multiValueHeaders` is kept consistent with `headers`, as API Gateway does.
 */
export function apiEvent(route: Route, parts: RequestParts): APIGatewayProxyEvent {
  const event = readEvent(TEMPLATE[route]);
  event.body = parts.body;
  event.isBase64Encoded = parts.isBase64Encoded ?? false;
  if (parts.method !== undefined) {
    event.httpMethod = parts.method;
    event.requestContext.httpMethod = parts.method;
  }
  if (parts.path !== undefined) event.path = parts.path;
  if (parts.headers !== undefined) {
    event.headers = parts.headers as APIGatewayProxyEvent['headers'];
    event.multiValueHeaders = (
      parts.headers ? Object.fromEntries(Object.entries(parts.headers).map(([name, value]) => [name, [value]])) : null
    ) as APIGatewayProxyEvent['multiValueHeaders'];
  }
  if (parts.requestId !== undefined) event.requestContext.requestId = parts.requestId;
  return event;
}

/** A JSON POST to a body route, with a plain `Content-Type: application/json`. */
export function jsonPost(route: Route, body: string): APIGatewayProxyEvent {
  return apiEvent(route, { body, headers: { 'Content-Type': 'application/json' } });
}

let invocation = 0;

/** A Lambda context as the runtime passes it (enough for middy and Powertools). */
export function lambdaContext(): Context {
  invocation += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'atlas-classifier-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:atlas-classifier-test',
    memoryLimitInMB: '1024',
    awsRequestId: `reliability-${invocation}`,
    logGroupName: '/aws/lambda/atlas-classifier-test',
    logStreamName: '2025/11/25/[$LATEST]reliability',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
