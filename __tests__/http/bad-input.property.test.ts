import './support/quiet-env';
import fc from 'fast-check';
import { loadConfig } from '../../lib/config';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { SECURITY_HEADERS } from '../../lib/http/middleware/security-headers';
import { lambdaContext, postEvent } from './support/events';
import { FakeClassifier } from './support/fake-classifier';

const config = loadConfig({ MAX_BODY_BYTES: '4096', MAX_TEXT_CHARS: '64', MAX_BATCH_ITEMS: '4' });
const classifier = new FakeClassifier();
const routes = {
  '/classify': createClassifyHandler({ getClassifier: async () => classifier, config }),
  '/classify/batch': createClassifyBatchHandler({ getClassifier: async () => classifier, config }),
};
const CLIENT_ERRORS: Record<number, string[]> = {
  400: ['MALFORMED_JSON', 'INVALID_REQUEST'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
};

const contentTypes = fc.oneof(
  fc.constant('application/json'),
  fc.constant('application/json; charset=utf-8'),
  fc.constant('APPLICATION/JSON'),
  fc.constant('text/plain'),
  fc.constant('application/x-www-form-urlencoded'),
  fc.string({ maxLength: 40 }),
);
const headerNames = fc.constantFrom('Content-Type', 'content-type', 'CONTENT-TYPE', 'X-Other');
const texts = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constant('   '),
);
const item = fc.oneof(
  texts,
  fc.record({ id: fc.option(fc.string(), { nil: undefined }), text: texts }, { requiredKeys: ['text'] }),
  fc.anything(),
);
const plausibleBodies = fc.oneof(
  fc.record(
    { text: texts, topK: fc.option(fc.oneof(fc.integer(), fc.double(), fc.string()), { nil: undefined }) },
    { requiredKeys: ['text'] },
  ),
  fc.record({
    items: fc.array(item, { maxLength: 6 }),
    topK: fc.option(fc.integer({ min: -2, max: 200 }), { nil: undefined }),
  }),
  fc.dictionary(fc.constantFrom('text', 'items', 'topK', '__proto__', 'constructor', 'topk'), fc.anything()),
  fc.anything(),
);
const rawBodies = fc.oneof(
  plausibleBodies.map((value) => JSON.stringify(value) ?? 'undefined'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constant(`${'['.repeat(2000)}${']'.repeat(2000)}`),
  fc.constant(JSON.stringify({ text: 'x'.repeat(5000) })),
);

describe('any request body, through the real stacks', () => {
  it('never gets a 5xx; every answer is a 200 or a documented error in the envelope, with security headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/classify', '/classify/batch'),
        rawBodies,
        fc.option(fc.tuple(headerNames, contentTypes), { nil: undefined }),
        fc.boolean(),
        async (path, body, header, base64) => {
          const headers = header ? { [header[0]]: header[1] } : {};
          const event = postEvent(path, base64 ? Buffer.from(body).toString('base64') : body, headers);
          event.isBase64Encoded = base64;
          const response = await routes[path as keyof typeof routes](event, lambdaContext());
          expect(response.headers).toMatchObject(SECURITY_HEADERS);
          const parsed = JSON.parse(response.body);
          if (response.statusCode === 200) {
            expect(parsed.error).toBeUndefined();
            return;
          }
          expect(CLIENT_ERRORS[response.statusCode]).toContain(parsed.error.code);
          expect(parsed.requestId).toEqual(expect.any(String));
          expect(response.body).not.toMatch(/node_modules|\/work\/|at .*\(.*:\d+:\d+\)/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a valid request is refused, not silently changed, when it carries an unknown field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !['text', 'topK'].includes(key)),
        fc.jsonValue(),
        async (key, value) => {
          const body = JSON.stringify({ text: 'where is my card', [key]: value });
          const response = await routes['/classify'](
            postEvent('/classify', body, { 'Content-Type': 'application/json' }),
            lambdaContext(),
          );
          expect(response.statusCode).toBe(400);
          expect(JSON.parse(response.body).error.code).toBe('INVALID_REQUEST');
        },
      ),
      { numRuns: 200 },
    );
  });
});
