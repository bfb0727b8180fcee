import '../support/quiet-env';
import { classifyBatchLimits, classifyLimits, isTextTooLong } from '../../../lib/http/limits';
import { inputLimits } from '../../../lib/http/middleware/input-limits';
import { middyRequest, run } from '../support/middy-request';

const limits = { maxTextChars: 10, maxBatchItems: 3, maxExplainedItems: 2 };

describe('isTextTooLong', () => {
  it('compares code points with the limit', () => {
    expect(isTextTooLong('x'.repeat(10), 10)).toBe(false);
    expect(isTextTooLong('x'.repeat(11), 10)).toBe(true);
  });

  it('counts an emoji (a surrogate pair) once', () => {
    expect(isTextTooLong('😀'.repeat(10), 10)).toBe(false);
    expect(isTextTooLong('😀'.repeat(11), 10)).toBe(true);
  });

  it('counts a lone surrogate as one character', () => {
    expect(isTextTooLong('\ud800'.repeat(10), 10)).toBe(false);
    expect(isTextTooLong('\udc00'.repeat(11), 10)).toBe(true);
  });
});

describe('inputLimits with the classify check', () => {
  const middleware = inputLimits(classifyLimits(limits));

  it('accepts a text at the limit', async () => {
    await expect(
      run(middleware, 'before', middyRequest({ body: { text: 'x'.repeat(10) } as never })),
    ).resolves.toBeUndefined();
  });

  it('answers a text over the limit with 413 pointing at /text', async () => {
    await expect(
      run(middleware, 'before', middyRequest({ body: { text: 'x'.repeat(11) } as never })),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      statusCode: 413,
      details: [{ path: '/text', message: 'must be at most 10 characters' }],
    });
  });
});

describe('inputLimits with the batch check', () => {
  const middleware = inputLimits(classifyBatchLimits(limits));

  it('accepts a batch at the item limit', async () => {
    await expect(
      run(middleware, 'before', middyRequest({ body: { items: ['a', 'b', 'c'] } as never })),
    ).resolves.toBeUndefined();
  });

  it('answers a batch over the item limit with 413', async () => {
    await expect(
      run(middleware, 'before', middyRequest({ body: { items: ['a', 'b', 'c', 'd'] } as never })),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: [{ path: '/items', message: 'must have at most 3 items' }],
    });
  });

  it('counts explained items against their own cap: 413 beyond it, the same batch unexplained passes', async () => {
    const items = ['a', 'b', 'c'];
    await expect(
      run(middleware, 'before', middyRequest({ body: { items, explain: true } as never })),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      statusCode: 413,
      details: [{ path: '/items', message: 'must have at most 2 items when "explain" is true' }],
    });
    await expect(
      run(middleware, 'before', middyRequest({ body: { items, explain: false } as never })),
    ).resolves.toBeUndefined();
    await expect(
      run(middleware, 'before', middyRequest({ body: { items: ['a', 'b'], explain: true } as never })),
    ).resolves.toBeUndefined();
  });

  it('points at each text over the limit, string or object item', async () => {
    const body = { items: ['x'.repeat(11), 'fine', { id: 'z', text: 'y'.repeat(11) }] };
    await expect(run(middleware, 'before', middyRequest({ body: body as never }))).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: [
        { path: '/items/0', message: 'must be at most 10 characters' },
        { path: '/items/2/text', message: 'must be at most 10 characters' },
      ],
    });
  });
});
