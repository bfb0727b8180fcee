import './support/quiet-env';
import { loadConfig } from '../../lib/config';
import { INTERNAL_MESSAGE, modelUnavailable } from '../../lib/http/errors';
import { SECURITY_HEADERS } from '../../lib/http/middleware/security-headers';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { captureLogs } from './support/capture-logs';
import { bodyOf, jsonEvent, lambdaContext, loadEvent, postEvent } from './support/events';
import { FakeClassifier } from './support/fake-classifier';

const smallLimits = loadConfig({ MAX_BODY_BYTES: '200', MAX_TEXT_CHARS: '20', MAX_BATCH_ITEMS: '2' });

function classifyWith(classifier = new FakeClassifier(), config = loadConfig({})) {
  return { classifier, handler: createClassifyHandler({ getClassifier: async () => classifier, config }) };
}

describe('the shared stack, through POST /classify with a fake classifier', () => {
  it('answers a valid request with the contract shape', async () => {
    const { handler, classifier } = classifyWith();
    const response = await handler(jsonEvent({ text: 'where is my card', topK: 2 }), lambdaContext());
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body).toEqual({
      label: body.top[0].label,
      score: body.top[0].score,
      top: [
        expect.objectContaining({ label: expect.any(String) }),
        expect.objectContaining({ label: expect.any(String) }),
      ],
      abstained: false,
      model: { name: 'fake-intents', version: '0.0.1' },
    });
    expect(classifier.calls).toEqual([{ texts: ['where is my card'], topK: 2 }]);
  });

  it('uses DEFAULT_TOP_K when topK is absent', async () => {
    const { handler, classifier } = classifyWith(new FakeClassifier(), loadConfig({ DEFAULT_TOP_K: '4' }));
    const response = await handler(jsonEvent({ text: 'hello' }), lambdaContext());
    expect(bodyOf(response).top).toHaveLength(4);
    expect(classifier.calls[0]?.topK).toBe(4);
  });

  describe('checks in the documented order: size -> content type -> JSON -> schema -> limits -> model', () => {
    const cases: [string, string, Record<string, string>, number, string][] = [
      ['too large, wrong type, not JSON', 'x'.repeat(300), { 'Content-Type': 'text/plain' }, 413, 'PAYLOAD_TOO_LARGE'],
      ['wrong type, not JSON', 'not json', { 'Content-Type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['no Content-Type at all', '{"text":"hi"}', {}, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['not JSON', '{"text": "hi"', { 'Content-Type': 'application/json' }, 400, 'MALFORMED_JSON'],
      [
        'schema violation and text too long',
        JSON.stringify({ text: 'x'.repeat(30), topk: 1 }),
        { 'content-type': 'application/json' },
        400,
        'INVALID_REQUEST',
      ],
      [
        'text too long',
        JSON.stringify({ text: 'x'.repeat(30) }),
        { 'CONTENT-TYPE': 'application/json; charset=UTF-8' },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
    ];
    it.each(cases)('%s -> %d %s', async (_name, body, headers, status, code) => {
      const broken = jest.fn(async () => {
        throw modelUnavailable('never asked');
      });
      const handler = createClassifyHandler({ getClassifier: broken, config: smallLimits });
      const response = await handler(postEvent('/classify', body, headers), lambdaContext());
      expect(response.statusCode).toBe(status);
      expect(bodyOf(response).error.code).toBe(code);
      expect(broken).not.toHaveBeenCalled();
    });

    it('asks for the model only once the request is valid -> 503 MODEL_UNAVAILABLE', async () => {
      const handler = createClassifyHandler({
        getClassifier: async () => {
          throw modelUnavailable('manifest.json: missing or unreadable');
        },
        config: smallLimits,
      });
      const response = await handler(jsonEvent({ text: 'hi' }), lambdaContext());
      expect(response.statusCode).toBe(503);
      expect(bodyOf(response).error).toEqual({
        code: 'MODEL_UNAVAILABLE',
        message: 'The model is unavailable: manifest.json: missing or unreadable',
      });
    });
  });

  it('decodes a base64-encoded body', async () => {
    const { handler, classifier } = classifyWith();
    const event = jsonEvent({});
    event.body = Buffer.from(JSON.stringify({ text: 'café ☕' }), 'utf8').toString('base64');
    event.isBase64Encoded = true;
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(classifier.calls[0]?.texts).toEqual(['café ☕']);
  });

  it('answers a missing body with 400 INVALID_REQUEST', async () => {
    const { handler } = classifyWith();
    const response = await handler(
      postEvent('/classify', null, { 'Content-Type': 'application/json' }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: '/' }] });
  });

  describe('an unexpected error', () => {
    it('becomes a generic 500 without stack or paths, and is logged with the request id', async () => {
      const classifier = new FakeClassifier();
      jest.spyOn(classifier, 'classify').mockImplementation(() => {
        throw new Error('tensor shape mismatch in /var/task/handlers/classify.js');
      });
      const { handler } = classifyWith(classifier);
      const out = captureLogs();
      let response;
      try {
        response = await handler(loadEvent('classify'), lambdaContext());
      } finally {
        out.restore();
      }
      expect(response.statusCode).toBe(500);
      const requestId = loadEvent('classify').requestContext.requestId;
      expect(bodyOf(response)).toEqual({ error: { code: 'INTERNAL', message: INTERNAL_MESSAGE }, requestId });
      expect(response.body).not.toMatch(/tensor|\/var\/task|Error|at /);
      const logged = out.lines().find((line) => line.message === 'unexpected error');
      expect(logged).toMatchObject({
        level: 'ERROR',
        requestId,
        error: { message: expect.stringContaining('tensor shape') },
      });
      expect(JSON.stringify(logged.error.stack)).toContain('stack.test.ts');
    });
  });

  it('puts security headers, CORS and X-Request-Id on successes and errors alike', async () => {
    const { handler } = classifyWith();
    for (const event of [
      loadEvent('classify'),
      loadEvent('classify-malformed-json'),
      loadEvent('classify-unsupported-media-type'),
    ]) {
      const response = await handler(event, lambdaContext());
      expect(response.headers).toMatchObject({
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*',
        'X-Request-Id': event.requestContext.requestId,
      });
      const requestId = bodyOf(response).requestId;
      if (response.statusCode !== 200) expect(requestId).toBe(event.requestContext.requestId);
    }
  });

  it('falls back to the Lambda request id when the event has none', async () => {
    const { handler } = classifyWith();
    const event = loadEvent('classify-malformed-json');
    delete (event.requestContext as { requestId?: string }).requestId;
    const response = await handler(event, lambdaContext({ awsRequestId: 'lambda-req-42' }));
    expect(response.headers?.['X-Request-Id']).toBe('lambda-req-42');
    expect(bodyOf(response).requestId).toBe('lambda-req-42');
  });

  it('echoes an allowed Origin from CORS_ORIGINS and withholds it from others', async () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://app.example.com' });
    const { handler } = classifyWith(new FakeClassifier(), config);
    const allowed = jsonEvent({ text: 'hi' });
    allowed.headers.Origin = 'https://app.example.com';
    const other = jsonEvent({ text: 'hi' });
    other.headers.Origin = 'https://evil.example';
    const [yes, no] = [await handler(allowed, lambdaContext()), await handler(other, lambdaContext())];
    expect(yes.headers?.['Access-Control-Allow-Origin']).toBe('https://app.example.com');
    expect(no.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
    expect(yes.headers?.Vary).toBe('Origin');
  });
});

describe('POST /classify/batch with a fake classifier', () => {
  function batchWith(config = loadConfig({})) {
    const classifier = new FakeClassifier();
    return { classifier, handler: createClassifyBatchHandler({ getClassifier: async () => classifier, config }) };
  }

  it('classifies every item in ONE call and answers in request order with ids echoed', async () => {
    const { handler, classifier } = batchWith();
    const items = [{ id: 'a', text: 'first' }, 'second', { text: 'third' }, { id: '', text: 'fourth' }];
    const response = await handler(jsonEvent({ items, topK: 1 }, '/classify/batch'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(classifier.calls).toEqual([{ texts: ['first', 'second', 'third', 'fourth'], topK: 1 }]);
    const { results, model } = bodyOf(response);
    expect(model).toEqual({ name: 'fake-intents', version: '0.0.1' });
    const expected = new FakeClassifier().classify(['first', 'second', 'third', 'fourth'], 1);
    expect(results).toEqual([
      { id: 'a', ...expected[0], abstained: false },
      { ...expected[1], abstained: false },
      { ...expected[2], abstained: false },
      { id: '', ...expected[3], abstained: false },
    ]);
    expect('id' in results[1]).toBe(false);
  });

  it('answers a batch over MAX_BATCH_ITEMS with 413 before asking the model', async () => {
    const { handler, classifier } = batchWith(smallLimits);
    const response = await handler(jsonEvent({ items: ['a', 'b', 'c'] }, '/classify/batch'), lambdaContext());
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(classifier.calls).toHaveLength(0);
  });
});
