import type { APIGatewayProxyEvent } from 'aws-lambda';
import { lambdaContext, loadEvent } from '../../http/support/events';

export { lambdaContext };

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
  // The project's event files: fuzzed events start from them, so they look like what API Gateway sends.
  const event = loadEvent(TEMPLATE[route]);
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
