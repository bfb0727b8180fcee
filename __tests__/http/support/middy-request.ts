import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Request } from '@middy/core';
import type { HttpContext, HttpMiddleware, HttpResponse } from '../../../lib/http/types';
import { lambdaContext } from './events';

export type TestRequest = Request<APIGatewayProxyEvent, HttpResponse, Error, HttpContext>;

/** A middy request as the core hands it to middlewares, for calling one middleware's hooks directly. */
export function middyRequest(event: Partial<APIGatewayProxyEvent>, response: HttpResponse | null = null): TestRequest {
  const context = lambdaContext() as HttpContext;
  context.requestId = 'req-test-1';
  context.summary = {};
  context.coldStart = false;
  context.startedAt = 0;
  return { event: event as APIGatewayProxyEvent, context, response, error: null, internal: {} };
}

/** Runs one hook of a middleware, failing the test if the middleware does not have it. */
export async function run(
  middleware: HttpMiddleware,
  hook: 'before' | 'after' | 'onError',
  request: TestRequest,
): Promise<void> {
  const fn = middleware[hook];
  if (!fn) throw new Error(`middleware has no ${hook} hook`);
  await fn(request);
}

/** A plain 200 JSON response, as a handler returns it. */
export function okResponse(): HttpResponse {
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"ok":true}' };
}
