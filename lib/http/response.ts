import type { HttpResponse } from './types';
import { ApiError } from './errors';

/** Every response body is JSON; the stack's header middlewares add the rest (security, CORS, request id). */
export const JSON_CONTENT_TYPE = 'application/json';

/**
 * Builds a JSON response.
 *
 * @param statusCode - HTTP status
 * @param body - value to serialise
 */
export function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: JSON.stringify(body) };
}

/**
 * Builds an HTML response (the playground page); the security-headers middleware gives it the page's CSP.
 *
 * @param statusCode - HTTP status
 * @param html - the document
 */
export function htmlResponse(statusCode: number, html: string): HttpResponse {
  return { statusCode, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: html };
}

/**
 * Builds the error envelope `{"error": {"code", "message", "details"?}, "requestId"}`.
 *
 * @param error - a client-safe error
 * @param requestId - the request's id, so a client can quote it
 */
export function errorResponse(error: ApiError, requestId: string): HttpResponse {
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details && error.details.length > 0 ? { details: error.details } : {}),
    },
    requestId,
  };
  return jsonResponse(error.statusCode, body);
}
