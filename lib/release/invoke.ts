import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** What a function answered an API Gateway event with: its status and parsed JSON body. */
export interface RouteAnswer {
  statusCode: number;
  body: unknown;
}

/** Invokes one function version (or alias) with an API Gateway event and returns its answer. */
export type InvokeRoute = (functionArn: string, event: APIGatewayProxyEvent) => Promise<RouteAnswer>;

/** An invocation that produced no HTTP answer (the function crashed, timed out, or returned something else). */
export class InvokeError extends Error {
  override readonly name = 'InvokeError';
}

/**
 * {@link InvokeRoute} through the Lambda API (synchronous `RequestResponse` invocations).
 *
 * @param lambda - the client (the runtime's SDK in Lambda; mocked in tests)
 */
export function lambdaInvoker(lambda: LambdaClient): InvokeRoute {
  return async (functionArn, event) => {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: functionArn, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError) throw new InvokeError(`${functionArn} failed (${out.FunctionError}): ${text.slice(0, 300)}`);
    let result: { statusCode?: unknown; body?: unknown };
    try {
      result = JSON.parse(text) as typeof result;
    } catch {
      throw new InvokeError(`${functionArn} answered no JSON`);
    }
    if (typeof result?.statusCode !== 'number') throw new InvokeError(`${functionArn} answered no HTTP response`);
    let body: unknown = result.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // Not JSON: kept as text for the failure message.
      }
    }
    return { statusCode: result.statusCode, body };
  };
}
