import { unsupportedMediaType } from '../errors';
import type { HttpMiddleware } from '../types';

/**
 * Whether the request's Content-Type is `application/json` (media type in any case; a charset parameter, if any,
 * must be UTF-8: JSON is UTF-8 by definition (RFC 8259), so another charset is refused rather than misread).
 *
 * @param headers - request headers, any name case
 */
export function isJsonContentType(headers: Record<string, string | undefined> | null | undefined): boolean {
  const value = headerValue(headers, 'content-type');
  if (value === undefined) return false;
  const [mediaType = '', ...parameters] = value.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', paramValue = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-?8"?$/i.test(paramValue.trim());
  });
}

/** Looks a header up by name, ignoring case (API Gateway REST passes names as the client sent them). */
export function headerValue(
  headers: Record<string, string | undefined> | null | undefined,
  lowerCaseName: string,
): string | undefined {
  if (!headers) return undefined;
  const exact = headers[lowerCaseName];
  if (typeof exact === 'string') return exact;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === lowerCaseName) {
      const value = headers[name];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}

/** Rejects a request whose Content-Type is not `application/json` (charset parameter allowed) with 415. */
export function requireJsonContentType(): HttpMiddleware {
  return {
    before: ({ event }) => {
      if (!isJsonContentType(event.headers)) {
        throw unsupportedMediaType('Content-Type must be application/json (optionally with charset=utf-8).');
      }
    },
  };
}
