/**
 * The response schemas in lib/http/schemas/ describe what the handlers really answer: every event in events/
 * goes through the real handlers and model, and every answer (successes, each error status, /health's 503) must
 * match the schema for its status. The schemas are closed, so a field a handler adds or drops without the schema
 * following fails here, and the OpenAPI document built from them cannot drift from the code.
 */
import './support/quiet-env';
import Ajv, { type ValidateFunction } from 'ajv';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { modelUnavailable } from '../../lib/http/errors';
import type { HttpHandler } from '../../lib/http/stack';
import { RESPONSE_BODY_SCHEMAS } from '../../lib/http/schemas';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createHealthHandler } from '../../lib/routes/health';
import { captureLogs } from './support/capture-logs';
import { bodyOf, eventNames, jsonEvent, lambdaContext, loadEvent } from './support/events';
import { FakeClassifier } from './support/fake-classifier';

type SchemaName = keyof typeof RESPONSE_BODY_SCHEMAS;

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
const validators = Object.fromEntries(
  Object.entries(RESPONSE_BODY_SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema)]),
) as Record<SchemaName, ValidateFunction>;

/** Asserts the body matches the named schema; a failure shows ajv's errors beside the body. */
function expectMatches(name: SchemaName, body: unknown): void {
  const validate = validators[name];
  const valid = validate(body);
  expect({ name, valid, errors: valid ? null : validate.errors, body }).toEqual({
    name,
    valid: true,
    errors: null,
    body,
  });
}

/** The success schema of each real handler. */
const SUCCESS: Record<string, { handler: HttpHandler; schema: SchemaName }> = {
  '/classify': { handler: classify, schema: 'ClassifyResponse' },
  '/classify/batch': { handler: classifyBatch, schema: 'ClassifyBatchResponse' },
  '/health': { handler: health, schema: 'HealthResponse' },
};

describe('every event in events/ gets an answer that matches its response schema', () => {
  it.each(eventNames())('%s', async (name) => {
    const event = loadEvent(name);
    const route = SUCCESS[event.resource];
    if (!route) throw new Error(`events/${name}.json is for ${event.resource}, which has no handler here`);
    const response = await route.handler(event, lambdaContext());
    expectMatches(response.statusCode === 200 ? route.schema : 'ErrorResponse', bodyOf(response));
  });
});

describe('answers the events do not produce', () => {
  it('a batch whose items have ids, and topK larger than the label count', async () => {
    const response = await classifyBatch(
      jsonEvent(
        { items: [{ id: 'a', text: 'my card has not arrived' }, 'top up please'], topK: 1000 },
        '/classify/batch',
      ),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body.results[0].id).toBe('a');
    expectMatches('ClassifyBatchResponse', body);
  });

  it('an explained batch, and an explained text truncated at 64 words', async () => {
    const batch = await classifyBatch(
      jsonEvent({ items: [{ id: 'a', text: 'my card was stolen' }, '!!!'], explain: true }, '/classify/batch'),
      lambdaContext(),
    );
    expect(batch.statusCode).toBe(200);
    expect(bodyOf(batch).results[1].explanation.tokens).toEqual([]);
    expectMatches('ClassifyBatchResponse', bodyOf(batch));
    const long = await classify(jsonEvent({ text: 'card '.repeat(80), explain: true }), lambdaContext());
    expect(bodyOf(long).explanation.truncated).toBe(true);
    expectMatches('ClassifyResponse', bodyOf(long));
  });

  it('503 MODEL_UNAVAILABLE from /classify and /classify/batch, and 500 INTERNAL', async () => {
    const unavailable = async () => {
      throw modelUnavailable('the bundle is missing manifest.json');
    };
    const broken = new FakeClassifier();
    broken.classify = () => {
      throw new Error('tensor shape mismatch');
    };
    const logs = captureLogs();
    const answers = [
      await createClassifyHandler({ getClassifier: unavailable })(jsonEvent({ text: 'hi' }), lambdaContext()),
      await createClassifyBatchHandler({ getClassifier: unavailable })(
        jsonEvent({ items: ['hi'] }, '/classify/batch'),
        lambdaContext(),
      ),
      await createClassifyHandler({ getClassifier: async () => broken })(jsonEvent({ text: 'hi' }), lambdaContext()),
    ];
    logs.restore();
    expect(logs.text()).toContain('tensor shape mismatch');
    expect(answers.map((answer) => answer.statusCode)).toEqual([503, 503, 500]);
    for (const answer of answers) expectMatches('ErrorResponse', bodyOf(answer));
  });

  it("/health's 503 when the bundle fails verification", async () => {
    const handler = createHealthHandler({
      getBundleInfo: async () => {
        throw modelUnavailable('manifest.json does not match weights.bin');
      },
    });
    const response = await handler(loadEvent('health'), lambdaContext());
    expect(response.statusCode).toBe(503);
    expectMatches('HealthUnavailableResponse', bodyOf(response));
  });
});

describe('the schemas are closed: they reject what the handlers must not send', () => {
  it('an extra field, a missing field, and an unknown error code', () => {
    const prediction = {
      label: 'a',
      score: 0.9,
      top: [{ label: 'a', score: 0.9 }],
      abstained: false,
      model: { name: 'm', version: '1' },
    };
    expect(validators.ClassifyResponse(prediction)).toBe(true);
    expect(validators.ClassifyResponse({ ...prediction, debug: true })).toBe(false);
    expect(validators.ClassifyResponse({ ...prediction, model: undefined })).toBe(false);
    expect(validators.ClassifyResponse({ ...prediction, abstained: undefined })).toBe(false);
    expect(validators.ErrorResponse({ error: { code: 'TEAPOT', message: 'no' }, requestId: 'r' })).toBe(false);
  });
});
