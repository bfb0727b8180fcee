import httpCors from '@middy/http-cors';
import type { HttpMiddleware } from '../types';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * CORS headers from the configured origins (`CORS_ORIGINS`), on every response, errors included.
 * `*` allows any origin; otherwise the request's `Origin` is echoed only when listed, with `Vary: Origin` so caches
 * keep the answers apart. Preflight (OPTIONS) is answered by API Gateway, not by these functions.
 *
 * @param origins - allowed origins; `['*']` for any
 */
export function cors(origins: readonly string[]): HttpMiddleware {
  const anyOrigin = origins.includes('*');
  // @middy/http-cors adds `Vary: Origin` itself when it has to choose between several origins (or a pattern),
  // but not for a single fixed origin, where a shared cache could otherwise serve one origin's answer to another.
  const singleFixedOrigin = origins.length === 1 && !origins[0]?.includes('*');
  const options = anyOrigin
    ? { origin: '*', exposeHeaders: REQUEST_ID_HEADER }
    : { origins: [...origins], exposeHeaders: REQUEST_ID_HEADER, ...(singleFixedOrigin ? { vary: 'Origin' } : {}) };
  return httpCors(options) as HttpMiddleware;
}
