import '../support/quiet-env';
import { parseJsonBody } from '../../../lib/http/middleware/json-body';
import { middyRequest, run } from '../support/middy-request';

const headers = { 'Content-Type': 'application/json' };

describe('parseJsonBody', () => {
  it('replaces the body string with the parsed value', async () => {
    const request = middyRequest({ headers, body: '{"text":"hi","topK":2}' });
    await run(parseJsonBody(), 'before', request);
    expect(request.event.body).toEqual({ text: 'hi', topK: 2 });
  });

  it('decodes a base64 body first', async () => {
    const body = Buffer.from('{"text":"é ✓"}', 'utf8').toString('base64');
    const request = middyRequest({ headers, body, isBase64Encoded: true });
    await run(parseJsonBody(), 'before', request);
    expect(request.event.body).toEqual({ text: 'é ✓' });
  });

  it.each([['{"text":'], ['   '], ['undefined'], ["{'text': 'single quotes'}"], ['{"a":1}{"b":2}']])(
    'turns the parser error for %j into 400 MALFORMED_JSON',
    async (body) => {
      await expect(run(parseJsonBody(), 'before', middyRequest({ headers, body }))).rejects.toMatchObject({
        code: 'MALFORMED_JSON',
        statusCode: 400,
      });
    },
  );

  it.each([[undefined], [null], ['']])('answers a missing body (%j) with 400 INVALID_REQUEST', async (body) => {
    await expect(
      run(parseJsonBody(), 'before', middyRequest({ headers, body: body as string | null })),
    ).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      statusCode: 400,
      details: [{ path: '/', message: expect.stringContaining('required') }],
    });
  });

  it('keeps "__proto__" as a plain key without touching prototypes', async () => {
    const request = middyRequest({ headers, body: '{"__proto__":{"polluted":true},"text":"x"}' });
    await run(parseJsonBody(), 'before', request);
    expect(Object.keys(request.event.body as unknown as object)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
