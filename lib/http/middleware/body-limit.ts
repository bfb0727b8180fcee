import { payloadTooLarge } from '../errors';
import type { HttpMiddleware } from '../types';

/**
 * Rejects a body over `maxBytes` with 413 before anything reads it. Base64 bodies count by their decoded size.
 *
 * @param maxBytes - the limit (`MAX_BODY_BYTES`)
 */
export function bodyLimit(maxBytes: number): HttpMiddleware {
  return {
    before: ({ event }) => {
      const body: unknown = event.body;
      if (typeof body !== 'string') return;
      // A UTF-16 unit is at most 3 UTF-8 bytes, so most bodies are cleared without counting their bytes.
      if (body.length * 3 <= maxBytes) return;
      const bytes = event.isBase64Encoded ? Buffer.byteLength(body, 'base64') : Buffer.byteLength(body, 'utf8');
      if (bytes > maxBytes) throw payloadTooLarge(`The request body is larger than ${maxBytes} bytes.`);
    },
  };
}
