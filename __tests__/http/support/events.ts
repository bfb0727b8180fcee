import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS_DIR = join(__dirname, '..', '..', '..', 'events');

/**
 * A fresh copy of `events/<name>.json` (the stack parses the body in place, so events are never shared).
 *
 * @param name - file name without `.json`
 */
export function loadEvent(name: string): APIGatewayProxyEvent {
  return JSON.parse(readFileSync(join(EVENTS_DIR, `${name}.json`), 'utf8')) as APIGatewayProxyEvent;
}

/** The names of every file in `events/`, without `.json`. */
export function eventNames(): string[] {
  return readdirSync(EVENTS_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length));
}

/**
 * A POST event on `path` with the given raw body and headers, derived from `events/classify.json`.
 *
 * @param body - the raw body string (or null for none)
 * @param headers - replaces the event's headers when given
 */
export function postEvent(path: string, body: string | null, headers?: Record<string, string>): APIGatewayProxyEvent {
  const event = loadEvent('classify');
  event.path = path;
  event.resource = path;
  event.body = body;
  if (headers) {
    event.headers = headers;
    event.multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
  }
  return event;
}

/** A JSON POST to `/classify` (or `path`) with `value` as its body. */
export function jsonEvent(value: unknown, path = '/classify'): APIGatewayProxyEvent {
  return postEvent(path, JSON.stringify(value), { 'Content-Type': 'application/json' });
}

let invocation = 0;

/** A Lambda context like the runtime passes (enough for middy and Powertools). */
export function lambdaContext(overrides: Partial<Context> = {}): Context {
  invocation += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'atlas-classifier-dev-classify',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:atlas-classifier-dev-classify',
    memoryLimitInMB: '1024',
    awsRequestId: `aws-request-${invocation}`,
    logGroupName: '/aws/lambda/atlas-classifier-dev-classify',
    logStreamName: '2025/11/25/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

/** The parsed JSON body of a response. */
export function bodyOf(response: { body: string }): any {
  return JSON.parse(response.body);
}
