/**
 * GET /health through its real handler: it reads no body, so whatever the event carries (method, path, headers,
 * query, body, base64 flag) the answer is the same 200 describing the served bundle, in the documented shape.
 */
import './support/env';
import fc from 'fast-check';
import { handler } from '../../handlers/health';
import { stringBody, anythingBody, base64 } from './support/bodies';
import { expectWellFormed } from './support/contract';
import { apiEvent, lambdaContext } from './support/events';
import { headerCase } from './support/headers';
import { clientTextOf } from './support/send';
import { servedModel } from './support/served-model';
import { Tally } from './support/tally';

jest.setTimeout(60_000);

const info = servedModel();
const tally = new Tally('GET /health: fuzzed inputs by kind');
let coldStarts = 0;

const oddHeaders = fc.oneof(
  headerCase.map((h) => ({ kind: h.kind, headers: h.headers })),
  fc
    .dictionary(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 60 }), {
      maxKeys: 8,
    })
    .map((headers) => ({ kind: 'random headers', headers })),
  fc.webUrl().map((origin) => ({ kind: 'random Origin header', headers: { Origin: origin } })),
);

const event = fc.record({
  method: fc.oneof(
    fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'get'),
    fc.string({ maxLength: 8 }),
  ),
  path: fc.oneof(fc.constantFrom('/health', '/health/', '/HEALTH', '/health?x=1'), fc.webPath()),
  headers: oddHeaders,
  body: fc.oneof(fc.constant(null), stringBody, anythingBody),
  isBase64Encoded: fc.boolean(),
  query: fc.option(fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }), {
    nil: null,
  }),
});

afterAll(() => {
  console.log(tally.summary());
});

describe('GET /health under fuzzing', () => {
  it('answers 200 with the served bundle, whatever else the request carries', async () => {
    await fc.assert(
      fc.asyncProperty(event, async ({ method, path, headers, body, isBase64Encoded, query }) => {
        tally.add(
          'health event',
          headers.kind,
          body === null ? 'no body' : 'some body',
          ...(isBase64Encoded ? ['base64 flag'] : []),
          ...(query ? ['query string'] : []),
        );
        const parts = {
          method,
          path,
          headers: headers.headers,
          body: isBase64Encoded && body !== null ? base64(body) : body,
          isBase64Encoded,
        };
        const e = apiEvent('/health', parts);
        e.queryStringParameters = query;
        e.multiValueQueryStringParameters =
          query && Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]]));
        const response = await handler(e, lambdaContext());
        const answer = expectWellFormed(response, { clientText: clientTextOf(parts) + JSON.stringify(query) });
        expect(response.statusCode).toBe(200);
        expect(answer).toEqual({
          status: 'ok',
          model: {
            name: info.name,
            version: info.version,
            labels: info.labels,
            sha256: info.sha256,
            input: { kind: 'ngrams' },
            examples: info.examples,
          },
          abstain: expect.objectContaining({ threshold: expect.any(Number), source: expect.any(String) }),
          coldStart: expect.any(Boolean),
        });
        if (answer.coldStart) coldStarts++;
        expect(response.headers?.['Access-Control-Allow-Origin']).toBe('*');
      }),
      { numRuns: 2000 },
    );
  });

  it("reported a cold start exactly once: on this container's first request", () => {
    expect(coldStarts).toBe(1);
  });
});
