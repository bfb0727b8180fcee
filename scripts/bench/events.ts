import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { projectRoot } from '../support/service-sandbox';

export { projectRoot };

/** A stored API Gateway event from `events/`, e.g. `classify.json`. */
export function readEvent(name: string): APIGatewayProxyEvent {
  return JSON.parse(readFileSync(join(projectRoot, 'events', name), 'utf8')) as APIGatewayProxyEvent;
}

/**
 * The same API Gateway event with another body (and, optionally, another Content-Type), built before timing starts
 * so the measured loop does no JSON work of its own.
 */
export function withBody(
  template: APIGatewayProxyEvent,
  body: string,
  contentType = 'application/json',
): APIGatewayProxyEvent {
  return {
    ...template,
    headers: { ...template.headers, 'Content-Type': contentType },
    multiValueHeaders: { ...template.multiValueHeaders, 'Content-Type': [contentType] },
    body,
  };
}

/**
 * A copy of an event as the Lambda runtime would hand over for one invocation (it parses a new object every
 * time). Needed because the stack works on the event in place (the JSON parser replaces `body` with the object).
 */
export function fresh(event: APIGatewayProxyEvent): APIGatewayProxyEvent {
  return { ...event };
}

/** A Lambda context like the runtime passes (what Powertools' logger reads from it). */
export function lambdaContext(functionName: string, requestId = 'bench-0000'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2025/11/25/[$LATEST]bench',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
