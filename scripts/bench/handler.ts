import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { fresh } from './events';

/** A Lambda handler as the bundles export it. */
export type LambdaHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<{ statusCode: number; body: string }>;

/** Requires a bundled handler (e.g. an unpacked zip's `handlers/classify.js`) and returns its export. */
export function requireHandler(file: string, exportName: string): LambdaHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const handler = (require(file) as Record<string, unknown>)[exportName];
  if (typeof handler !== 'function') throw new Error(`${file} does not export a function named ${exportName}`);
  return handler as LambdaHandler;
}

/**
 * Waits for the next turn of the event loop. Lambda hands each invocation over from real I/O, so whatever a request
 * left in the `process.nextTick` queue (stdout write callbacks of the logs) runs before the next one. A benchmark
 * loop of already-resolved promises never leaves the microtask queue, so without this those callbacks pile up
 * (megabytes, and slower and slower calls) and the figures show a leak that does not exist in production.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Sends a fresh copy of an event (see {@link fresh}) and checks the status, so a benchmark never silently times error responses.
 *
 * @throws Error with the response body when the status is not the expected one
 */
export async function call(
  handler: LambdaHandler,
  event: APIGatewayProxyEvent,
  context: Context,
  expected = 200,
): Promise<void> {
  await nextTurn();
  const response = await handler(fresh(event), { ...context });
  if (response.statusCode !== expected) {
    throw new Error(`expected HTTP ${expected}, got ${response.statusCode}: ${response.body.slice(0, 500)}`);
  }
}
