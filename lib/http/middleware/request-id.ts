import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { HttpMiddleware } from '../types';

/** Response header carrying the request id, so a client can quote it. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

// Ids come from API Gateway or Lambda, but an event file can say anything: only header-safe ids are used as they are.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of a request: API Gateway's `requestContext.requestId`, else the Lambda request id, else a fresh UUID.
 *
 * @param event - the API Gateway event (may be partial)
 * @param context - the Lambda context (may be partial)
 */
export function requestIdOf(
  event: Partial<APIGatewayProxyEvent> | undefined,
  context: Partial<Context> | undefined,
): string {
  const fromGateway = event?.requestContext?.requestId;
  if (isSafeId(fromGateway)) return fromGateway;
  const fromLambda = context?.awsRequestId;
  // The Web Crypto global, not `node:crypto`: requiring that module costs 4-6 ms of a cold start, and this line
  // almost never runs (Lambda always gives an id).
  return isSafeId(fromLambda) ? fromLambda : crypto.randomUUID();
}

function isSafeId(id: unknown): id is string {
  return typeof id === 'string' && SAFE_ID.test(id);
}

/**
 * Resolves the request id into `context.requestId` before anything else can fail, and returns it in the
 * `X-Request-Id` header of every response, errors included.
 */
export function requestId(): HttpMiddleware {
  return {
    before: (request) => {
      request.context.requestId = requestIdOf(request.event, request.context);
    },
    after: (request) => setHeader(request.response, request.context.requestId),
    onError: (request) => setHeader(request.response, request.context.requestId),
  };
}

function setHeader(response: { headers?: Record<string, unknown> } | null | undefined, id: string | undefined): void {
  if (!response || !id) return;
  response.headers = { ...response.headers, [REQUEST_ID_HEADER]: id };
}
