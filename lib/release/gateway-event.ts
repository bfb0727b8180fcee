import type { APIGatewayProxyEvent } from 'aws-lambda';

/** The request id the smoke test's events carry, so its requests are easy to find (and to leave out) in the logs. */
export const SMOKE_TEST_REQUEST_ID = 'deployment-smoke-test';

/**
 * An API Gateway REST proxy event as the service's functions receive it, for invoking a function version directly
 * (a deployment's new version has no traffic yet, so the smoke test cannot go through the API).
 *
 * @param path - the route's path, e.g. `/classify`
 * @param body - a JSON body, or `undefined` for a GET
 */
export function gatewayEvent(method: 'GET' | 'POST', path: string, body?: unknown): APIGatewayProxyEvent {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  return {
    resource: path,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      requestId: SMOKE_TEST_REQUEST_ID,
      httpMethod: method,
      path,
      resourcePath: path,
      identity: { sourceIp: '127.0.0.1', userAgent: 'atlas-classifier-smoke-test' },
    } as APIGatewayProxyEvent['requestContext'],
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
  };
}
