/**
 * POST /classify through its real handler (real middy stack, real model): whatever arrives, the answer is the one
 * the contract gives that request, in the documented shape, with nothing internal in it.
 */
import './support/env';
import fc from 'fast-check';
import { handler } from '../../handlers/classify';
import { config } from '../../lib/config';
import { base64, manyMembers, nested, nestingDepth, PROTO_KEYS } from './support/bodies';
import {
  anyText,
  anyTopK,
  garbage,
  notAString,
  POLLUTION,
  protoMember,
  transports,
  unknownKey,
  withUnicodeKinds,
  type FuzzCase,
} from './support/cases';
import { apiEvent, lambdaContext } from './support/events';
import { JSON_HEADERS } from './support/headers';
import { sendChecked } from './support/send';
import { servedModel } from './support/served-model';
import { Tally } from './support/tally';
import { nonBlankText, textOfCodePoints } from './support/unicode';

jest.setTimeout(60_000);

const info = servedModel();
const tally = new Tally('POST /classify: fuzzed inputs by kind');
const send = (fuzzCase: FuzzCase) => sendChecked('/classify', handler, fuzzCase, info, tally);

const validRequest = fc.record(
  { text: nonBlankText(), topK: fc.integer({ min: 1, max: 100 }) },
  { requiredKeys: ['text'] },
);
const validBody = validRequest.map((request) => JSON.stringify(request));

/** Bodies that are JSON objects shaped almost like a classify request. */
const classifyShaped: fc.Arbitrary<FuzzCase>[] = [
  validRequest.map((request) => withUnicodeKinds(plainCase('valid request', JSON.stringify(request)), [request.text])),
  fc
    .record({ text: notAString, topK: fc.option(anyTopK, { nil: undefined }) })
    .map((r) => plainCase('text of the wrong type', JSON.stringify(r))),
  fc
    .record({ text: nonBlankText(8), topK: anyTopK })
    .map((r) => plainCase('topK of any type or value', JSON.stringify(r))),
  fc
    .record({ text: anyText })
    .map((r) => withUnicodeKinds(plainCase('any text (maybe blank)', JSON.stringify(r)), [r.text])),
  fc.record({ topK: anyTopK }, { requiredKeys: [] }).map((r) => plainCase('text missing', JSON.stringify(r))),
];

function plainCase(kind: string, body: string | null): FuzzCase {
  return { kinds: [kind], parts: { body, headers: JSON_HEADERS }, contentType: 'json' };
}

afterAll(() => {
  console.log(tally.summary());
});

describe('POST /classify under fuzzing', () => {
  it('answers any request with the outcome the contract gives it', async () => {
    const anyCase = fc.oneof(
      ...classifyShaped,
      ...garbage(validBody),
      ...transports(validBody, fc.oneof(validBody, fc.string())),
    );
    await fc.assert(
      fc.asyncProperty(anyCase, async (fuzzCase) => void (await send(fuzzCase))),
      { numRuns: 3500 },
    );
  });

  it('refuses a valid request that carries an unknown field (400 INVALID_REQUEST naming it), rather than ignoring it', async () => {
    await fc.assert(
      fc.asyncProperty(validRequest, unknownKey, fc.jsonValue({ maxDepth: 2 }), async (request, key, value) => {
        const clean = await send(plainCase('valid request', JSON.stringify(request)));
        expect(clean.response.statusCode).toBe(200);
        const extended = `${JSON.stringify(request).slice(0, -1)},${protoMember(key, JSON.stringify(value) ?? 'null')}}`;
        const { response, body } = await send(plainCase('valid request + unknown field', extended));
        expect(response.statusCode).toBe(400);
        expect(body.error.code).toBe('INVALID_REQUEST');
        const named = body.error.details.find((d: { message: string }) => d.message === 'is not an allowed field');
        expect(named).toBeDefined();
        if (key.length <= 64) expect(named.path).toBe(`/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        else expect(named.path.length).toBeLessThanOrEqual(1 + 64 + 1);
      }),
      { numRuns: 400 },
    );
  });

  it('never lets a prototype key through or into Object.prototype', async () => {
    const member = fc.constantFrom(...PROTO_KEYS).map((key) => protoMember(key, POLLUTION));
    const body = fc.oneof(
      fc.tuple(nonBlankText(6), member).map(([text, m]) => `{"text":${JSON.stringify(text)},${m}}`),
      fc.tuple(nonBlankText(6), member).map(([text, m]) => `{${m},"text":${JSON.stringify(text)},"topK":2}`),
      member.map((m) => `{${m}}`),
      fc.tuple(nonBlankText(6), member).map(([text, m]) => `{"text":${JSON.stringify(text)},"topK":{${m}}}`),
      fc
        .tuple(nonBlankText(6), member, fc.integer({ min: 1, max: 50 }))
        .map(([text, m, depth]) => `{"text":${JSON.stringify(text)},"x":${nested(depth, 'object', `{${m}}`)}}`),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const { response } = await send(plainCase('prototype keys (__proto__, constructor, ...)', b));
        expect(response.statusCode).toBe(400);
      }),
      { numRuns: 300 },
    );
  });

  it('counts the text limit in code points: exactly MAX_TEXT_CHARS is classified, one more is 413', async () => {
    const max = config.maxTextChars;
    await fc.assert(
      fc.asyncProperty(textOfCodePoints(max), fc.boolean(), async (text, over) => {
        const sent = over ? `${text}x` : text;
        const { response, body } = await send(
          plainCase(over ? 'text one over the limit' : 'text exactly at the limit', JSON.stringify({ text: sent })),
        );
        if (over) expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ path: '/text' }] });
        else expect(response.statusCode).toBe(200);
      }),
      { numRuns: 100 },
    );
  });

  it('answers 413 to a body over MAX_BODY_BYTES, and serves one exactly at the limit', async () => {
    const max = config.maxBodyBytes;
    const exact = (request: object) => {
      const json = JSON.stringify(request);
      return json + ' '.repeat(max - Buffer.byteLength(json));
    };
    const huge = fc.oneof(
      fc.integer({ min: 1, max: 5_000 }).map((extra) => ({
        kind: 'body over the byte limit (ASCII)',
        body: JSON.stringify({ text: 'a'.repeat(max + extra) }),
        b64: false,
      })),
      // Fewer UTF-16 units than bytes: a check on string length alone would miss it.
      fc.constant({
        kind: 'body over the byte limit (3-byte chars)',
        body: JSON.stringify({ text: '€'.repeat(Math.ceil(max / 3) + 10) }),
        b64: false,
      }),
      fc.constant({
        kind: 'body over the byte limit (base64)',
        body: base64(JSON.stringify({ text: 'b'.repeat(max) })),
        b64: true,
      }),
      fc.constant({ kind: 'body exactly at the byte limit', body: exact({ text: 'where is my card' }), b64: false }),
      fc.constant({
        kind: 'body exactly at the byte limit (base64)',
        body: base64(exact({ text: 'where is my card' })),
        b64: true,
      }),
    );
    await fc.assert(
      fc.asyncProperty(huge, async ({ kind, body, b64 }) => {
        const { response } = await send({
          kinds: [kind],
          parts: { body, headers: JSON_HEADERS, isBase64Encoded: b64 },
          contentType: 'json',
        });
        expect(response.statusCode).toBe(kind.includes('exactly') ? 200 : 413);
      }),
      { numRuns: 20 },
    );
  });

  it('survives deep nesting, many keys and very long strings without a 5xx', async () => {
    const cases = fc.oneof(
      fc
        .tuple(nestingDepth, fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>)
        .map(([depth, shape]) => ({
          kind: `nested ${shape}s (depth up to 200k)`,
          body: `{"text":"where is my card","deep":${nested(depth, shape)}}`,
        })),
      fc
        .tuple(nestingDepth, fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>)
        .map(([depth, shape]) => ({
          kind: 'nested body at the top level',
          body: nested(depth, shape),
        })),
      fc
        .tuple(nestingDepth)
        .map(([depth]) => ({ kind: 'nested value as text', body: `{"text":${nested(depth, 'array', '"x"')}}` })),
      fc
        .integer({ min: 100, max: 20_000 })
        .map((n) => ({ kind: 'thousands of unknown keys', body: manyMembers(n, (i) => `"k${i}":${i}`) })),
      fc
        .integer({ min: 100, max: 20_000 })
        .map((n) => ({ kind: 'the same key thousands of times', body: manyMembers(n, (i) => `"text":"t${i}"`) })),
      fc
        .integer({ min: 10_000, max: 300_000 })
        .map((n) => ({ kind: 'very long text (over the limit)', body: JSON.stringify({ text: 'x'.repeat(n) }) })),
      fc
        .integer({ min: 1_000, max: 200_000 })
        .map((n) => ({ kind: 'very long unknown key', body: `{"text":"hi",${JSON.stringify('k'.repeat(n))}:1}` })),
      fc
        .integer({ min: 400, max: 5_000 })
        .map((n) => ({ kind: 'number with thousands of digits', body: `{"text":"hi","topK":${'9'.repeat(n)}}` })),
      fc
        .integer({ min: 1_000, max: 100_000 })
        .map((n) => ({ kind: 'very long whitespace text', body: JSON.stringify({ text: ' '.repeat(n) }) })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ kind, body }) => {
        const { response } = await send(plainCase(kind, body));
        // The whole answer stays small whatever came in: nothing is echoed back in bulk.
        expect(response.body.length).toBeLessThan(8_192);
      }),
      { numRuns: 80 },
    );
  });

  it('answers an odd event (any method, path or request id, no headers) in the contract', async () => {
    const odd = fc.record({
      method: fc.oneof(
        fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'post', ''),
        fc.string({ maxLength: 10 }),
      ),
      path: fc.oneof(
        fc.constantFrom('/classify', '/classify/', '/CLASSIFY', '/classify/batch', '/health', '/../etc/passwd', ''),
        fc.webPath(),
      ),
      requestId: fc.oneof(
        fc.uuid(),
        fc.string({ maxLength: 40 }),
        fc.constantFrom('', 'a'.repeat(129), 'id\r\nSet-Cookie: x=1', 'id\u0000nul', '<script>'),
      ),
      body: fc.oneof(validBody, fc.constant(null)),
    });
    await fc.assert(
      fc.asyncProperty(odd, async ({ method, path, requestId, body }) => {
        const { response, body: answer } = await send({
          kinds: ['odd method/path/request id'],
          parts: { method, path, requestId, body, headers: JSON_HEADERS },
          contentType: 'json',
        });
        const echoed = response.headers?.['X-Request-Id'];
        if (/^[A-Za-z0-9._:-]{1,128}$/.test(requestId)) expect(echoed).toBe(requestId);
        else expect(echoed).not.toBe(requestId);
        if (answer.requestId !== undefined) expect(answer.requestId).toBe(echoed);
      }),
      { numRuns: 300 },
    );
  });

  it('gives a base64-encoded body exactly the answer it gives the plain one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          validBody,
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const requestId = 'same-request';
          const plainAnswer = await handler(
            apiEvent('/classify', { body, headers: JSON_HEADERS, requestId }),
            lambdaContext(),
          );
          const encoded = await send({
            kinds: ['base64-encoded twin of a plain body'],
            parts: { body: base64(body), headers: JSON_HEADERS, isBase64Encoded: true, requestId },
            contentType: 'json',
          });
          expect(encoded.response.statusCode).toBe(plainAnswer.statusCode);
          expect(encoded.response.body).toBe(plainAnswer.body);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('generated every kind of input it claims to', () => {
    for (const kind of [
      'valid request',
      'arbitrary JSON value',
      'arbitrary string',
      'near-miss JSON',
      'base64-encoded body',
      'content-type: refused',
      'content-type: duplicated, conflicting',
      'headers: null',
      'text with emoji',
      'text with lone surrogates',
      'text with combining marks',
      'text with RTL',
      'text with NUL',
    ]) {
      expect({ kind, seen: tally.get(kind) > 0 }).toEqual({ kind, seen: true });
    }
  });
});
