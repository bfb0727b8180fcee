import '../support/quiet-env';
import { ApiError } from '../../../lib/http/errors';
import { bodyLimit } from '../../../lib/http/middleware/body-limit';
import { middyRequest, run } from '../support/middy-request';

describe('bodyLimit', () => {
  const limit = bodyLimit(100);

  it('lets a body at the limit through', async () => {
    await expect(run(limit, 'before', middyRequest({ body: 'x'.repeat(100) }))).resolves.toBeUndefined();
  });

  it('rejects a body one byte over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const error = await run(limit, 'before', middyRequest({ body: 'x'.repeat(101) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', statusCode: 413 });
  });

  it('counts UTF-8 bytes, not characters', async () => {
    // 34 euro signs are 102 UTF-8 bytes in 34 UTF-16 units.
    await expect(run(limit, 'before', middyRequest({ body: '€'.repeat(34) }))).rejects.toMatchObject({
      statusCode: 413,
    });
    await expect(run(limit, 'before', middyRequest({ body: '€'.repeat(33) }))).resolves.toBeUndefined();
  });

  it('counts a base64 body by its decoded size', async () => {
    const encoded = (bytes: number) => Buffer.alloc(bytes, 'a').toString('base64');
    await expect(
      run(limit, 'before', middyRequest({ body: encoded(100), isBase64Encoded: true })),
    ).resolves.toBeUndefined();
    await expect(
      run(limit, 'before', middyRequest({ body: encoded(101), isBase64Encoded: true })),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('ignores a missing body (the JSON step reports it)', async () => {
    await expect(run(limit, 'before', middyRequest({ body: null }))).resolves.toBeUndefined();
  });
});
