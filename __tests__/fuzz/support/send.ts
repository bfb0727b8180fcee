import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { config } from '../../../lib/config';
import type { ModelInfo } from '../../../lib/model/types';
import type { FuzzCase } from './cases';
import { expectExplanation, expectModelRef, expectOutcome, expectPrediction, expectWellFormed } from './contract';
import { apiEvent, lambdaContext, type RequestParts, type Route } from './events';
import { allowedOutcomes, type BodyRoute } from './oracle';
import type { Tally } from './tally';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Everything the client chose in a request, so an echo of it is not mistaken for a leak. */
export function clientTextOf(parts: RequestParts): string {
  const decoded = parts.isBase64Encoded && parts.body ? Buffer.from(parts.body, 'base64').toString('utf8') : '';
  return [
    parts.body ?? '',
    decoded,
    parts.method ?? '',
    parts.path ?? '',
    parts.requestId ?? '',
    ...Object.entries(parts.headers ?? {}).flat(),
  ].join('\n');
}

/** The parsed body of a request that the service accepted (so it is valid JSON). */
export function parsedBody(parts: RequestParts): any {
  const raw = parts.body ?? '';
  return JSON.parse(parts.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw);
}

const PROTOTYPE_SHAPE = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/** Throws if any request managed to add to Object.prototype (prototype pollution). */
export function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  if (
    Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== PROTOTYPE_SHAPE ||
    probe.polluted !== undefined ||
    probe.text !== undefined
  ) {
    throw new Error('Object.prototype was polluted');
  }
}

/**
 * Sends one fuzzed request through a real handler and checks everything the contract promises about the answer:
 * well-formed, the outcome the oracle allows, and for a 200 a prediction from the served model.
 *
 * @returns the response and its parsed body, for property-specific checks
 */
export async function sendChecked(
  route: BodyRoute,
  handler: Handler,
  fuzzCase: FuzzCase,
  info: ModelInfo,
  tally: Tally,
): Promise<{ response: APIGatewayProxyResult; body: any }> {
  tally.add(...fuzzCase.kinds);
  const { parts } = fuzzCase;
  const response = await handler(apiEvent(route, parts), lambdaContext());
  const body = expectWellFormed(response, { clientText: clientTextOf(parts) });
  expectOutcome(
    response,
    body,
    allowedOutcomes(route, parts.body, parts.isBase64Encoded ?? false, fuzzCase.contentType, config),
  );
  if (response.statusCode === 200) expectSuccess(route, body, parsedBody(parts), info);
  expectNoPollution();
  return { response, body };
}

/** The 200 shape of a body route, checked against the request that produced it. */
export function expectSuccess(route: Route, body: any, request: any, info: ModelInfo): void {
  const topK = request.topK ?? config.defaultTopK;
  if (route === '/classify') {
    const keys =
      request.explain === true ? 'abstained,explanation,label,model,score,top' : 'abstained,label,model,score,top';
    if (Object.keys(body).sort().join(',') !== keys) throw new Error(`classify keys: ${JSON.stringify(body)}`);
    expectPrediction(body, info, topK);
    if (request.explain === true) expectExplanation(body, request.text, info);
  } else {
    if (Object.keys(body).sort().join(',') !== 'model,results') throw new Error(`batch keys: ${JSON.stringify(body)}`);
    if (!Array.isArray(body.results) || body.results.length !== request.items.length)
      throw new Error('one result per item expected');
    body.results.forEach((result: any, i: number) => {
      const item = request.items[i];
      const id = typeof item === 'object' ? item.id : undefined;
      const keys = Object.keys(result).sort().join(',');
      const explained = request.explain === true ? ',explanation' : '';
      if (
        keys !==
        (id === undefined ? `abstained${explained},label,score,top` : `abstained${explained},id,label,score,top`)
      )
        throw new Error(`result ${i} keys: ${keys}`);
      if (result.id !== id)
        throw new Error(`result ${i} echoes id ${JSON.stringify(result.id)}, sent ${JSON.stringify(id)}`);
      expectPrediction(result, info, topK);
      if (request.explain === true) expectExplanation(result, typeof item === 'object' ? item.text : item, info);
    });
  }
  expectModelRef(body.model, info);
}

/** A short description of a case (long bodies cut), for failure messages. */
export function describeCase(fuzzCase: FuzzCase): string {
  const body = fuzzCase.parts.body;
  const shown = body && body.length > 200 ? `${body.slice(0, 200)}… (${body.length} chars)` : body;
  return `${fuzzCase.kinds.join(', ')}: ${JSON.stringify({ ...fuzzCase.parts, body: shown })}`;
}
