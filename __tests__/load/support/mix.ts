/**
 * The request mix of the load test: every kind of request a client sends, valid and invalid, each with the
 * status (and error code) the contract gives it.
 */

/** One kind of request and what it must get. */
export interface RequestKind {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code?: string;
  /** Whether this is a valid request (no error may be logged while serving it). */
  valid: boolean;
}

const json = { 'content-type': 'application/json' };

/** Builds the mix for a stage prefix (e.g. `/dev`) and the service's limits. */
export function requestMix(prefix: string, limits: { maxTextChars: number; maxBatchItems: number }): RequestKind[] {
  const batch = (items: unknown[]) => JSON.stringify({ items });
  return [
    {
      name: 'classify',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: json,
      body: JSON.stringify({ text: 'I still have not received my new card' }),
      status: 200,
      valid: true,
    },
    {
      name: 'classify topK 5',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: json,
      body: JSON.stringify({ text: 'how do I top up by bank transfer?', topK: 5 }),
      status: 200,
      valid: true,
    },
    {
      name: 'classify unicode',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify({ text: 'ma carte 💳 est bloquée — ‏مرحبا‎ 你好 \u0000' }),
      status: 200,
      valid: true,
    },
    {
      name: 'batch',
      method: 'POST',
      path: `${prefix}/classify/batch`,
      headers: json,
      body: batch([
        'card arrived?',
        { id: 'b', text: 'exchange rate' },
        { text: 'refund please' },
        'atm took my cash',
        'pin blocked',
      ]),
      status: 200,
      valid: true,
    },
    { name: 'health', method: 'GET', path: `${prefix}/health`, status: 200, valid: true },
    {
      name: 'malformed JSON',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: json,
      body: '{"text": "unfinished',
      status: 400,
      code: 'MALFORMED_JSON',
      valid: false,
    },
    {
      name: 'schema error',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: json,
      body: JSON.stringify({ text: 42, topK: 'x' }),
      status: 400,
      code: 'INVALID_REQUEST',
      valid: false,
    },
    {
      name: 'unknown field',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: json,
      body: JSON.stringify({ text: 'hi', topk: 2 }),
      status: 400,
      code: 'INVALID_REQUEST',
      valid: false,
    },
    {
      name: 'blank text',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: json,
      body: JSON.stringify({ text: ' \n\t ' }),
      status: 400,
      code: 'INVALID_REQUEST',
      valid: false,
    },
    {
      name: 'batch item invalid',
      method: 'POST',
      path: `${prefix}/classify/batch`,
      headers: json,
      body: batch(['ok', { id: 'x' }]),
      status: 400,
      code: 'INVALID_REQUEST',
      valid: false,
    },
    {
      name: 'text too long',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: json,
      body: JSON.stringify({ text: 'a'.repeat(limits.maxTextChars + 1) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      valid: false,
    },
    {
      name: 'batch too big',
      method: 'POST',
      path: `${prefix}/classify/batch`,
      headers: json,
      body: batch(Array.from({ length: limits.maxBatchItems + 1 }, (_, i) => `text ${i}`)),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      valid: false,
    },
    {
      name: 'wrong content type',
      method: 'POST',
      path: `${prefix}/classify`,
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ text: 'hello' }),
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      valid: false,
    },
  ];
}
