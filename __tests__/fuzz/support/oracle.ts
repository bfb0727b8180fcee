/**
 * What the contract (issue 3) says a request to a body route must get, worked out independently of the service's
 * code: size -> Content-Type -> missing body -> JSON -> schema -> limits -> 200.
 */
import type { ServiceConfig } from '../../../lib/config';
import { codePoints } from './unicode';

export type ErrorCode = 'MALFORMED_JSON' | 'INVALID_REQUEST' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE';

/** A status and, for errors, the envelope's code. */
export type Outcome = { status: 200 } | { status: 400 | 413 | 415; code: ErrorCode };

/** Whether the request's Content-Type is one the contract accepts, refuses, or leaves open (odd or duplicated). */
export type ContentTypeClass = 'json' | 'not-json' | 'either';

export type BodyRoute = '/classify' | '/classify/batch';

type Limits = Pick<ServiceConfig, 'maxBodyBytes' | 'maxTextChars' | 'maxBatchItems' | 'maxExplainedItems'>;

const OK: Outcome = { status: 200 };
const invalid: Outcome = { status: 400, code: 'INVALID_REQUEST' };
const tooLarge: Outcome = { status: 413, code: 'PAYLOAD_TOO_LARGE' };

/**
 * Every outcome the contract allows for a request (one, or two when the Content-Type is ambiguous).
 *
 * @param route - the body route
 * @param body - the raw body as API Gateway passes it
 * @param isBase64Encoded - whether `body` is base64 text
 * @param contentType - how the request's Content-Type is classified
 * @param limits - the service's configured limits
 */
export function allowedOutcomes(
  route: BodyRoute,
  body: string | null,
  isBase64Encoded: boolean,
  contentType: ContentTypeClass,
  limits: Limits,
): Outcome[] {
  if (body !== null && bodyBytes(body, isBase64Encoded) > limits.maxBodyBytes) return [tooLarge];
  const unsupported: Outcome = { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (contentType === 'not-json') return [unsupported];
  const rest = outcomeOfBody(route, body, isBase64Encoded, limits);
  return contentType === 'either' ? [unsupported, rest] : [rest];
}

/** The body's size in bytes, after base64 decoding. */
export function bodyBytes(body: string, isBase64Encoded: boolean): number {
  return isBase64Encoded ? Buffer.byteLength(body, 'base64') : Buffer.byteLength(body, 'utf8');
}

function outcomeOfBody(route: BodyRoute, body: string | null, isBase64Encoded: boolean, limits: Limits): Outcome {
  if (body === null || body === '') return invalid;
  let value: unknown;
  try {
    value = JSON.parse(isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body);
  } catch {
    return { status: 400, code: 'MALFORMED_JSON' };
  }
  return route === '/classify' ? classifyOutcome(value, limits) : batchOutcome(value, limits);
}

/** `{"text": non-blank string, "topK"?: integer >= 1, "threshold"?: number in [0, 1], "explain"?: boolean}` and nothing else; then the text length. */
export function classifyOutcome(value: unknown, limits: Limits): Outcome {
  if (
    !isPlainObject(value) ||
    !onlyKeys(value, ['text', 'topK', 'threshold', 'explain']) ||
    !isText(value.text) ||
    !isTopK(value.topK)
  )
    return invalid;
  if (!isThreshold(value.threshold) || !isExplain(value.explain)) return invalid;
  return codePoints(value.text as string) > limits.maxTextChars ? tooLarge : OK;
}

/**
 * `{"items": [text | {"id"?: string, "text"}] (at least one), "topK"?, "threshold"?, "explain"?}`; then the item count
 * (and with `"explain": true` the explained item cap) and each text.
 */
export function batchOutcome(value: unknown, limits: Limits): Outcome {
  if (
    !isPlainObject(value) ||
    !onlyKeys(value, ['items', 'topK', 'threshold', 'explain']) ||
    !isTopK(value.topK) ||
    !isThreshold(value.threshold)
  )
    return invalid;
  if (!isExplain(value.explain)) return invalid;
  const items = value.items;
  if (!Array.isArray(items) || items.length === 0 || !items.every(isBatchItem)) return invalid;
  if (items.length > limits.maxBatchItems) return tooLarge;
  if (value.explain === true && items.length > limits.maxExplainedItems) return tooLarge;
  const texts = items.map((item) => (typeof item === 'string' ? item : (item as { text: string }).text));
  return texts.some((text) => codePoints(text) > limits.maxTextChars) ? tooLarge : OK;
}

function isBatchItem(item: unknown): boolean {
  if (typeof item === 'string') return isText(item);
  return (
    isPlainObject(item) &&
    onlyKeys(item, ['id', 'text']) &&
    isText(item.text) &&
    (item.id === undefined || typeof item.id === 'string')
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own keys only: JSON.parse makes `__proto__` an ordinary own key, and the contract refuses unknown keys. */
function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

function isText(value: unknown): boolean {
  return typeof value === 'string' && /\S/u.test(value);
}

function isThreshold(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && value >= 0 && value <= 1);
}

function isExplain(value: unknown): boolean {
  return value === undefined || typeof value === 'boolean';
}

function isTopK(value: unknown): boolean {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 1);
}

/** Formats outcomes for a failure message. */
export function describeOutcomes(outcomes: readonly Outcome[]): string {
  return outcomes.map((o) => ('code' in o ? `${o.status} ${o.code}` : String(o.status))).join(' or ');
}
