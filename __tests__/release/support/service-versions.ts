/**
 * Stands in for the Lambda API in the smoke-test hook's tests: an `Invoke` of a version under test runs this
 * checkout's real handler (and model) in-process, as that version would in Lambda, and answers as the API does.
 */
import type { InvokeCommandOutput } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler as classify } from '../../../handlers/classify';
import { handler as classifyBatch } from '../../../handlers/classify-batch';
import { handler as health } from '../../../handlers/health';
import { lambdaContext } from '../../http/support/events';

const arn = (name: string, qualifier: string) =>
  `arn:aws:lambda:us-east-1:123456789012:function:atlas-classifier-prod-${name}:${qualifier}`;

/** The hook's environment as the packaged prod template sets it (versions 7, 7 and 3, the classify alias). */
export const HOOK_ENV = {
  CLASSIFY_VERSION_ARN: arn('classify', '7'),
  CLASSIFY_BATCH_VERSION_ARN: arn('classifyBatch', '7'),
  HEALTH_VERSION_ARN: arn('health', '3'),
  CLASSIFY_ALIAS_ARN: arn('classify', 'Live'),
  SMOKE_MIN_AGREEMENT: '0.8',
  ALLOW_MODEL_RENAME: 'false',
} as const;

type HttpHandler = (event: APIGatewayProxyEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

const handlers: Record<string, HttpHandler> = {
  [HOOK_ENV.CLASSIFY_VERSION_ARN]: classify as HttpHandler,
  [HOOK_ENV.CLASSIFY_BATCH_VERSION_ARN]: classifyBatch as HttpHandler,
  [HOOK_ENV.HEALTH_VERSION_ARN]: health as HttpHandler,
  // The deployed version behind the alias: the same code and model here, unless a test answers for it.
  [HOOK_ENV.CLASSIFY_ALIAS_ARN]: classify as HttpHandler,
};

type Payload = NonNullable<InvokeCommandOutput['Payload']>;

/** A JSON payload as the SDK returns it (bytes that can also decode themselves). */
export function lambdaPayload(value: unknown): Payload {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return Object.assign(bytes, { transformToString: () => new TextDecoder().decode(bytes) }) as unknown as Payload;
}

/** What `InvokeCommand` returns: the handler's result as the JSON payload. */
export async function invokeVersion(input: {
  FunctionName?: string;
  Payload?: unknown;
}): Promise<{ StatusCode: number; Payload: Payload }> {
  const run = handlers[input.FunctionName ?? ''];
  if (!run)
    throw Object.assign(new Error(`Function not found: ${input.FunctionName}`), { name: 'ResourceNotFoundException' });
  const event = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)) as APIGatewayProxyEvent;
  const result = await run(event, lambdaContext({ invokedFunctionArn: input.FunctionName! }));
  return { StatusCode: 200, Payload: lambdaPayload(result) };
}

/** A classify answer naming another model (a deployed version serving something else). */
export function answerNamingModel(name: string): { StatusCode: number; Payload: Payload } {
  const body = { label: 'card_arrival', score: 0.9, top: [], abstained: false, model: { name, version: '1.0.0' } };
  return { StatusCode: 200, Payload: lambdaPayload({ statusCode: 200, headers: {}, body: JSON.stringify(body) }) };
}
