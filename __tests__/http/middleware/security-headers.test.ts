import '../support/quiet-env';
import { SECURITY_HEADERS, securityHeaders } from '../../../lib/http/middleware/security-headers';
import { middyRequest, okResponse, run } from '../support/middy-request';

describe('securityHeaders', () => {
  it.each(['after', 'onError'] as const)('adds the security headers in %s, keeping the existing ones', async (hook) => {
    const request = middyRequest({}, okResponse());
    await run(securityHeaders(), hook, request);
    expect(request.response?.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Strict-Transport-Security': expect.stringContaining('max-age='),
      'Content-Security-Policy': expect.stringContaining("frame-ancestors 'none'"),
    });
  });

  it('adds every documented header and no empty one', () => {
    for (const value of Object.values(SECURITY_HEADERS)) expect(value.length).toBeGreaterThan(0);
  });

  it('does nothing when there is no response yet (an unhandled error)', async () => {
    const request = middyRequest({});
    await run(securityHeaders(), 'onError', request);
    expect(request.response).toBeNull();
  });
});
