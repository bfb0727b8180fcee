import '../support/quiet-env';
import { cors } from '../../../lib/http/middleware/cors';
import { middyRequest, okResponse, run } from '../support/middy-request';

async function headersFor(origins: string[], requestOrigin?: string, hook: 'after' | 'onError' = 'after') {
  const request = middyRequest(
    { httpMethod: 'POST', headers: requestOrigin ? { Origin: requestOrigin } : {} },
    okResponse(),
  );
  await run(cors(origins), hook, request);
  return request.response?.headers ?? {};
}

describe('cors', () => {
  it('allows any origin with "*"', async () => {
    const headers = await headersFor(['*'], 'https://anything.example');
    expect(headers['Access-Control-Allow-Origin']).toBe('*');
    expect(headers['Access-Control-Expose-Headers']).toBe('X-Request-Id');
  });

  it('echoes a listed origin with Vary: Origin', async () => {
    const headers = await headersFor(
      ['https://app.example.com', 'https://admin.example.com'],
      'https://admin.example.com',
    );
    expect(headers['Access-Control-Allow-Origin']).toBe('https://admin.example.com');
    expect(headers.Vary).toBe('Origin');
  });

  it('echoes the single configured origin with exactly one Vary: Origin', async () => {
    const headers = await headersFor(['https://app.example.com'], 'https://app.example.com');
    expect(headers['Access-Control-Allow-Origin']).toBe('https://app.example.com');
    expect(headers.Vary).toBe('Origin');
  });

  it('gives an origin that is not listed no Allow-Origin header', async () => {
    const headers = await headersFor(['https://app.example.com'], 'https://evil.example');
    expect(headers['Access-Control-Allow-Origin']).toBeUndefined();
    expect(headers.Vary).toBe('Origin');
  });

  it('decorates error responses too', async () => {
    const headers = await headersFor(['https://app.example.com'], 'https://app.example.com', 'onError');
    expect(headers['Access-Control-Allow-Origin']).toBe('https://app.example.com');
  });
});
