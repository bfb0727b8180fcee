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

describe('securityHeaders({ htmlContentSecurityPolicy })', () => {
  const pagePolicy = "default-src 'none'; script-src 'sha256-abc'";
  const htmlResponse = () => ({
    statusCode: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: '<!doctype html>',
  });

  it('gives an HTML answer the page policy and keeps every other header', async () => {
    const request = middyRequest({}, htmlResponse());
    await run(securityHeaders({ htmlContentSecurityPolicy: pagePolicy }), 'after', request);
    expect(request.response?.headers).toEqual({
      'Content-Type': 'text/html; charset=utf-8',
      ...SECURITY_HEADERS,
      'Content-Security-Policy': pagePolicy,
    });
  });

  it('keeps the strict policy on JSON answers of the same function', async () => {
    const request = middyRequest({}, okResponse());
    await run(securityHeaders({ htmlContentSecurityPolicy: pagePolicy }), 'after', request);
    expect(request.response?.headers?.['Content-Security-Policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  });

  it('without the option, HTML gets the strict policy too', async () => {
    const request = middyRequest({}, htmlResponse());
    await run(securityHeaders(), 'after', request);
    expect(request.response?.headers?.['Content-Security-Policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  });
});
