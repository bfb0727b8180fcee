import '../support/quiet-env';
import { MAX_DETAILS } from '../../../lib/http/validation-details';
import { validateBody } from '../../../lib/http/middleware/validate-body';
import validateClassifyRequest from '../../../lib/http/schemas/generated/classify-request';
import validateClassifyBatchRequest from '../../../lib/http/schemas/generated/classify-batch-request';
import { middyRequest, run } from '../support/middy-request';

function parsed(body: unknown) {
  return middyRequest({ body: body as string });
}

async function detailsFor(validator: typeof validateClassifyRequest, body: unknown) {
  const error = await run(validateBody(validator), 'before', parsed(body)).then(
    () => undefined,
    (e: unknown) => e as { code: string; statusCode: number; details: { path: string; message: string }[] },
  );
  if (!error) throw new Error('expected the body to be rejected');
  expect(error).toMatchObject({ code: 'INVALID_REQUEST', statusCode: 400 });
  return error.details;
}

describe('validateBody with the classify schema', () => {
  const validateClassify = validateClassifyRequest;

  it('accepts a valid body', async () => {
    await expect(
      run(validateBody(validateClassify), 'before', parsed({ text: 'hello', topK: 5 })),
    ).resolves.toBeUndefined();
  });

  it('points at a missing text', async () => {
    expect(await detailsFor(validateClassify, {})).toEqual([{ path: '/text', message: 'is required' }]);
  });

  it('points at a text of the wrong type', async () => {
    expect(await detailsFor(validateClassify, { text: 42 })).toEqual([{ path: '/text', message: 'must be a string' }]);
  });

  it.each([[''], ['   '], ['\n\t\u00a0']])('rejects the empty or blank text %j', async (text) => {
    expect(await detailsFor(validateClassify, { text })).toEqual([
      { path: '/text', message: 'must not be empty or whitespace only' },
    ]);
  });

  it('rejects an unknown field, naming it (so "topk" for "topK" is caught)', async () => {
    expect(await detailsFor(validateClassify, { text: 'x', topk: 3 })).toEqual([
      { path: '/topk', message: 'is not an allowed field' },
    ]);
  });

  it('escapes unknown field names as JSON pointers and cuts very long ones', async () => {
    const details = await detailsFor(validateClassify, { text: 'x', 'a/b~c': 1, ['k'.repeat(500)]: 1 });
    expect(details).toContainEqual({ path: '/a~1b~0c', message: 'is not an allowed field' });
    expect(details.every((d) => d.path.length < 80)).toBe(true);
  });

  it.each([[0], [-1], [1.5], ['3'], [null]])('rejects topK %j', async (topK) => {
    const details = await detailsFor(validateClassify, { text: 'x', topK });
    expect(details.map((d) => d.path)).toEqual(['/topK']);
  });

  it.each([[null], [[]], ['text'], [42]])('reports a body that is not an object (%j) at "/"', async (body) => {
    expect(await detailsFor(validateClassify, body)).toEqual([{ path: '/', message: 'must be an object' }]);
  });

  it('lists every problem at once', async () => {
    const details = await detailsFor(validateClassify, { topK: 0, extra: true });
    expect(details.map((d) => d.path).sort()).toEqual(['/extra', '/text', '/topK']);
  });

  it('never leaks schema internals into details', async () => {
    const details = await detailsFor(validateClassify, { text: 1, topK: 'x', other: {} });
    for (const detail of details) expect(Object.keys(detail).sort()).toEqual(['message', 'path']);
    expect(JSON.stringify(details)).not.toMatch(/schemaPath|#\/properties|ajv/);
  });
});

describe('validateBody with the batch schema', () => {
  it('accepts strings and {id?, text} items', async () => {
    const body = { items: ['a', { text: 'b' }, { id: 'x', text: 'c' }], topK: 1 };
    await expect(run(validateBody(validateClassifyBatchRequest), 'before', parsed(body))).resolves.toBeUndefined();
  });

  it('points into the offending item', async () => {
    const details = await detailsFor(validateClassifyBatchRequest, {
      items: ['ok', { id: 'b2' }, 7, ' ', { text: 'x', id: 3 }],
    });
    expect(details).toEqual([
      { path: '/items/1/text', message: 'is required' },
      { path: '/items/2', message: 'must be a string or an object' },
      { path: '/items/3', message: 'must not be empty or whitespace only' },
      { path: '/items/4/id', message: 'must be a string' },
    ]);
  });

  it('rejects an empty batch', async () => {
    const details = await detailsFor(validateClassifyBatchRequest, { items: [] });
    expect(details).toEqual([{ path: '/items', message: expect.stringContaining('fewer than 1') }]);
  });

  it(`lists at most ${MAX_DETAILS} problems and says there were more`, async () => {
    const error = await run(
      validateBody(validateClassifyBatchRequest),
      'before',
      parsed({ items: Array(50).fill(1) }),
    ).catch((e: { message: string; details: unknown[] }) => e);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((error as { details: unknown[] }).details).toHaveLength(MAX_DETAILS);
    expect((error as { message: string }).message).toMatch(/first 20/);
  });

  it('keeps concurrent requests apart (the validator reports through shared state)', async () => {
    const middleware = validateBody(validateClassifyBatchRequest);
    const bad = parsed({ items: [1] });
    const good = parsed({ items: ['fine'] });
    const [badResult, goodResult] = await Promise.allSettled([
      run(middleware, 'before', bad),
      run(middleware, 'before', good),
    ]);
    expect(goodResult.status).toBe('fulfilled');
    expect(badResult).toMatchObject({ status: 'rejected', reason: { details: [{ path: '/items/0' }] } });
  });
});
