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

/** What a function may change about its security headers. */
export interface SecurityHeadersOptions {
  /**
   * The Content-Security-Policy of HTML answers (`Content-Type: text/html`). The API answers only JSON, where
   * nothing may load; a page needs to name exactly what it may run (see `lib/playground/page.ts`).
   * @default SECURITY_HEADERS['Content-Security-Policy'] (the API's: nothing may load)
   */
  htmlContentSecurityPolicy?: string;
}

/**
 * Adds {@link SECURITY_HEADERS} to every response, errors included; an HTML answer gets its own CSP when one is
 * given.
 *
 * @example
 * ```ts
 * securityHeaders(); // the API: strict CSP on everything
 * securityHeaders({ htmlContentSecurityPolicy: "default-src 'none'; script-src 'sha256-…'" }); // a page
 * ```
 * @param options - see {@link SecurityHeadersOptions}
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): HttpMiddleware {
  const htmlHeaders = options.htmlContentSecurityPolicy
    ? Object.freeze({ ...SECURITY_HEADERS, 'Content-Security-Policy': options.htmlContentSecurityPolicy })
    : SECURITY_HEADERS;
  const apply = (response: { headers?: Record<string, unknown> } | null | undefined): void => {
    if (!response) return;
    const html = /^text\/html\b/i.test(String(response.headers?.['Content-Type'] ?? ''));
    response.headers = { ...response.headers, ...(html ? htmlHeaders : SECURITY_HEADERS) };
  };
  return {
    after: function securityHeadersAfter(request) {
      apply(request.response);
    },
    onError: function securityHeadersOnError(request) {
      apply(request.response);
    },
  };
}
