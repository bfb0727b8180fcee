/**
 * The fuzz suites are only as good as their checks: these prove the response checker and the oracle reject what
 * they must (so a service that broke the contract would fail the fuzzing, not pass it silently).
 */
import './support/env';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { loadConfig } from '../../lib/config';
import { SECURITY_HEADERS } from '../../lib/http/middleware/security-headers';
import { expectOutcome, expectPrediction, expectWellFormed } from './support/contract';
import { allowedOutcomes } from './support/oracle';

const limits = loadConfig({});
const info = { name: 'm', version: '1', labels: ['a', 'b', 'c'], sha256: '0'.repeat(64) };

function response(status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { 'Content-Type': 'application/json', ...SECURITY_HEADERS, 'X-Request-Id': 'req-1', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

const envelope = (code: string, extra: object = {}) => ({
  error: { code, message: 'Something was wrong.', ...extra },
  requestId: 'req-1',
});
const sent = { clientText: '{"text":"hello"}' };

describe('the response checker', () => {
  it('accepts a well-formed error and success', () => {
    expect(() =>
      expectWellFormed(
        response(400, envelope('INVALID_REQUEST', { details: [{ path: '/text', message: 'is required' }] })),
        sent,
      ),
    ).not.toThrow();
    expect(() => expectWellFormed(response(200, { label: 'a' }), sent)).not.toThrow();
  });

  it.each([
    ['a 500', response(500, envelope('INTERNAL'))],
    ['a 503 where none is allowed', response(503, envelope('MODEL_UNAVAILABLE'))],
    ['a status outside the contract', response(422, envelope('INVALID_REQUEST'))],
    ['another Content-Type', response(400, envelope('INVALID_REQUEST'), { 'Content-Type': 'text/html' })],
    [
      'a missing security header',
      {
        ...response(400, envelope('INVALID_REQUEST')),
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'r' },
      },
    ],
    [
      'a stack frame',
      response(400, envelope('INVALID_REQUEST', { message: 'x at Object.<anonymous> (/var/task/index.js:1:2)' })),
    ],
    ['a file path', response(400, envelope('INVALID_REQUEST', { message: 'cannot open /var/task/model/weights.bin' }))],
    ['a library name', response(400, envelope('INVALID_REQUEST', { message: 'ajv says no' }))],
    [
      'the internal /body prefix',
      response(400, envelope('INVALID_REQUEST', { details: [{ path: '/body/text', message: 'is required' }] })),
    ],
    [
      'a detail with internals',
      response(400, envelope('INVALID_REQUEST', { details: [{ path: '/text', message: 'm', schemaPath: '#/x' }] })),
    ],
    ['a code that does not match the status', response(413, envelope('INVALID_REQUEST'))],
    [
      'a body request id that differs from the header',
      response(400, { ...envelope('INVALID_REQUEST'), requestId: 'other' }),
    ],
    ['an extra top-level key', response(400, { ...envelope('INVALID_REQUEST'), stack: 'x' })],
    ['a header with CRLF', response(400, envelope('INVALID_REQUEST'), { 'X-Request-Id': 'a\r\nSet-Cookie: x' })],
    ['a body that is not JSON', response(400, '<html>')],
  ])('rejects %s', (_name, bad) => {
    expect(() => expectWellFormed(bad, sent)).toThrow();
  });

  it("lets the client's own words through (an echoed field name is not a leak)", () => {
    const echoed = response(
      400,
      envelope('INVALID_REQUEST', { details: [{ path: '/ajv', message: 'is not an allowed field' }] }),
    );
    expect(() => expectWellFormed(echoed, sent)).toThrow();
    expect(() => expectWellFormed(echoed, { clientText: '{"text":"x","ajv":1}' })).not.toThrow();
  });

  it('checks predictions: known labels, probabilities, sorted, topK long, best first', () => {
    const good = {
      label: 'b',
      score: 0.6,
      top: [
        { label: 'b', score: 0.6 },
        { label: 'a', score: 0.3 },
      ],
      abstained: false,
    };
    expect(() => expectPrediction(good, info, 2)).not.toThrow();
    expect(() => expectPrediction({ ...good, label: 'out_of_scope', abstained: true }, info, 2)).not.toThrow();
    expect(() => expectPrediction({ ...good, label: 'out_of_scope' }, info, 2)).toThrow();
    expect(() => expectPrediction({ ...good, abstained: true }, info, 2)).toThrow();
    expect(() => expectPrediction({ ...good, abstained: undefined }, info, 2)).toThrow();
    expect(() => expectPrediction({ ...good, score: null }, info, 2)).toThrow();
    expect(() => expectPrediction({ ...good, label: 'z' }, info, 2)).toThrow();
    expect(() => expectPrediction({ ...good, top: [...good.top].reverse() }, info, 2)).toThrow();
    expect(() => expectPrediction(good, info, 3)).toThrow();
    expect(() => expectPrediction({ ...good, top: [good.top[0], good.top[0]] }, info, 2)).toThrow();
  });
});

describe('the oracle', () => {
  const outcome = (
    route: '/classify' | '/classify/batch',
    body: string | null,
    contentType: 'json' | 'not-json' = 'json',
  ) => allowedOutcomes(route, body, false, contentType, limits);

  it.each([
    ['a plain request', '/classify', 200, undefined, '{"text":"hi"}'],
    ['a huge integer topK', '/classify', 200, undefined, '{"text":"hi","topK":1e300}'],
    ['unicode-only whitespace', '/classify', 400, 'INVALID_REQUEST', '{"text":" \\u00a0\\ufeff"}'],
    ['a __proto__ key', '/classify', 400, 'INVALID_REQUEST', '{"text":"hi","__proto__":{}}'],
    ['topK 0', '/classify', 400, 'INVALID_REQUEST', '{"text":"hi","topK":0}'],
    ['a trailing comma', '/classify', 400, 'MALFORMED_JSON', '{"text":"hi",}'],
    ['an empty body', '/classify', 400, 'INVALID_REQUEST', ''],
    ['2001 emoji', '/classify', 413, 'PAYLOAD_TOO_LARGE', JSON.stringify({ text: '😀'.repeat(2001) })],
    ['2000 emoji', '/classify', 200, undefined, JSON.stringify({ text: '😀'.repeat(2000) })],
    ['129 items', '/classify/batch', 413, 'PAYLOAD_TOO_LARGE', JSON.stringify({ items: Array(129).fill('x') })],
    [
      '130 items, one invalid',
      '/classify/batch',
      400,
      'INVALID_REQUEST',
      JSON.stringify({ items: [...Array(129).fill('x'), 1] }),
    ],
    ['no items', '/classify/batch', 400, 'INVALID_REQUEST', '{"items":[]}'],
    ['a numeric id', '/classify/batch', 400, 'INVALID_REQUEST', '{"items":[{"id":1,"text":"x"}]}'],
  ] as const)('%s (%s) -> %s %s', (_name, route, status, code, body) => {
    expect(outcome(route, body)).toEqual([code ? { status, code } : { status }]);
  });

  it('puts the body size first and the Content-Type second', () => {
    expect(outcome('/classify', 'x'.repeat(limits.maxBodyBytes + 1), 'not-json')).toEqual([
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    ]);
    expect(outcome('/classify', '{"text":', 'not-json')).toEqual([{ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }]);
  });

  it('matches outcomes on status and code', () => {
    const answer = response(400, envelope('MALFORMED_JSON'));
    expect(() => expectOutcome(answer, JSON.parse(answer.body), [{ status: 400, code: 'INVALID_REQUEST' }])).toThrow();
    expect(() =>
      expectOutcome(answer, JSON.parse(answer.body), [{ status: 400, code: 'MALFORMED_JSON' }]),
    ).not.toThrow();
  });
});
