import type { HttpMiddleware } from '../types';

/**
 * Headers every API response carries (the OWASP REST Security set): no caching of answers, no MIME sniffing, no
 * framing, HTTPS only, no referrer. Written here rather than with @middy/http-security-headers, whose defaults are
 * HTML-oriented (frame and CSP headers only for text/html) and emit an empty `Reporting-Endpoints` header.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
});

/** Adds {@link SECURITY_HEADERS} to every response, errors included. */
export function securityHeaders(): HttpMiddleware {
  const apply = (response: { headers?: Record<string, unknown> } | null | undefined): void => {
    if (response) response.headers = { ...response.headers, ...SECURITY_HEADERS };
  };
  return {
    after: (request) => apply(request.response),
    onError: (request) => apply(request.response),
  };
}
