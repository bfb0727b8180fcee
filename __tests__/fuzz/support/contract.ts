/**
 * The response side of the contract (issue 3 and 6), checked on every fuzzed answer: a status the contract knows,
 * JSON with `Content-Type: application/json`, the documented shape, the security headers, a header-safe request id,
 * and nothing internal (stack frames, paths, library names) in the body or the headers.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { SECURITY_HEADERS } from '../../../lib/http/middleware/security-headers';
import { ABSTAIN_DEFAULTS } from '../../../lib/model/abstain';
import type { ModelInfo } from '../../../lib/model/types';
import { describeOutcomes, type Outcome } from './oracle';

export const ERROR_CODE_STATUS: Readonly<Record<string, number>> = {
  MALFORMED_JSON: 400,
  INVALID_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL: 500,
  MODEL_UNAVAILABLE: 503,
};

/**
 * Text that only the service's internals would produce. A pattern is only held against a response when the
 * request did not contain it (a client-chosen field name is echoed in `details`, by design).
 */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /node_modules/,
  /\/(?:work|tmp|var\/task|home|root|opt|usr)\//,
  /[A-Za-z]:\\/,
  /\bat \S+ \(/,
  /\bat (?:async )?[\w.<>]+ ?\(?[^)]*:\d+:\d+/,
  /\.(?:ts|js|mjs|cjs):\d+/,
  /\bajv\b/i,
  /@middy|@aws-lambda-powertools|@tensorflow|tfjs/i,
  /\b(?:TypeError|RangeError|SyntaxError|ReferenceError|ModelLoadError|ApiError|ManifestError|ConfigError)\b/,
  // JSON.parse's own messages (the service says "The request body is not valid JSON." in its own words).
  /Unexpected (?:token|end of JSON|non-whitespace)|in JSON at position|" is not valid JSON/,
  /schemaPath|instancePath|#\/properties|"params"/,
  /^\/body\b|"\/body[/"]/,
  /\[object Object\]|\bundefined\b|\bNaN\b/,
];

/** The safe request ids the service echoes (API Gateway's, Lambda's, or a UUID of its own). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What a fuzzed request was, as far as the checks need to know. */
export interface SentRequest {
  /** Everything the client controlled (body, header values, ids), to tell an echo from a leak. */
  clientText: string;
}

/** Throws (with a readable message) unless `response` is a well-formed answer of the contract. */
export function expectWellFormed(
  response: APIGatewayProxyResult,
  request: SentRequest,
  options: { allowUnavailable?: boolean } = {},
): any {
  const where = `status ${response.statusCode}, body ${truncate(response.body)}`;
  const allowed = [200, 400, 413, 415, ...(options.allowUnavailable ? [503] : [])];
  if (!allowed.includes(response.statusCode)) throw new Error(`status not allowed here: ${where}`);
  const headers = response.headers ?? {};
  if (headers['Content-Type'] !== 'application/json')
    throw new Error(`Content-Type is ${String(headers['Content-Type'])}: ${where}`);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (headers[name] !== value) throw new Error(`security header ${name} is ${String(headers[name])}: ${where}`);
  }
  const requestId = headers['X-Request-Id'];
  if (typeof requestId !== 'string' || !SAFE_REQUEST_ID.test(requestId))
    throw new Error(`unsafe X-Request-Id ${String(requestId)}`);
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n\0]/.test(String(value)))
      throw new Error(`header ${name} carries a control character: ${JSON.stringify(value)}`);
  }
  expectNoLeak(response, request.clientText);
  let body: any;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new Error(`body is not JSON: ${where}`);
  }
  if (response.statusCode !== 200) expectErrorEnvelope(body, response.statusCode, requestId);
  return body;
}

/** Throws unless the response's status and code are one of `outcomes`. */
export function expectOutcome(response: APIGatewayProxyResult, body: any, outcomes: readonly Outcome[]): void {
  const matches = outcomes.some(
    (o) => o.status === response.statusCode && (!('code' in o) || o.code === body?.error?.code),
  );
  if (!matches) {
    const got = response.statusCode === 200 ? '200' : `${response.statusCode} ${String(body?.error?.code)}`;
    throw new Error(`expected ${describeOutcomes(outcomes)}, got ${got}: ${truncate(response.body)}`);
  }
}

/** The error envelope: exactly `{error: {code, message, details?}, requestId}` (plus status/reason on /health 503). */
export function expectErrorEnvelope(body: any, status: number, requestId: string): void {
  const keys = Object.keys(body ?? {})
    .sort()
    .join(',');
  const healthUnavailable = status === 503 && body?.status === 'unavailable';
  const expectedKeys = healthUnavailable ? 'error,reason,requestId,status' : 'error,requestId';
  if (keys !== expectedKeys) throw new Error(`envelope keys are ${keys}: ${JSON.stringify(body)}`);
  if (body.requestId !== requestId)
    throw new Error(`body requestId ${body.requestId} differs from X-Request-Id ${requestId}`);
  const error = body.error;
  const errorKeys = Object.keys(error ?? {});
  if (!errorKeys.every((key) => ['code', 'message', 'details'].includes(key)))
    throw new Error(`error keys ${errorKeys.join(',')}`);
  if (ERROR_CODE_STATUS[error.code] !== status) throw new Error(`code ${error.code} with status ${status}`);
  if (typeof error.message !== 'string' || error.message.length === 0) throw new Error('error without a message');
  if (error.details !== undefined) {
    if (!Array.isArray(error.details) || error.details.length === 0 || error.details.length > 20) {
      throw new Error(`details must be a non-empty list of at most 20: ${JSON.stringify(error.details)}`);
    }
    for (const detail of error.details) {
      const detailKeys = Object.keys(detail).sort().join(',');
      if (
        detailKeys !== 'message,path' ||
        typeof detail.path !== 'string' ||
        !detail.path.startsWith('/') ||
        typeof detail.message !== 'string'
      ) {
        throw new Error(`detail is not {path: JSON pointer, message}: ${JSON.stringify(detail)}`);
      }
    }
  }
  if (healthUnavailable && (typeof body.reason !== 'string' || body.reason.length === 0))
    throw new Error('unavailable without a reason');
}

/** Throws when a response (body or headers) contains internal text the client did not send itself. */
export function expectNoLeak(response: APIGatewayProxyResult, clientText: string): void {
  const texts = [
    response.body,
    ...Object.entries(response.headers ?? {}).map(([name, value]) => `${name}: ${String(value)}`),
  ];
  for (const pattern of LEAK_PATTERNS) {
    if (pattern.test(clientText)) continue;
    const leaked = texts.find((text) => pattern.test(text));
    if (leaked !== undefined) throw new Error(`response leaks ${pattern}: ${truncate(leaked)}`);
  }
}

/** Checks one prediction (`/classify` body or a batch result) against the model that served it. */
export function expectPrediction(prediction: any, info: ModelInfo, topK: number): void {
  const k = Math.min(topK, info.labels.length);
  const text = JSON.stringify(prediction);
  if (typeof prediction.abstained !== 'boolean') throw new Error(`abstained is not a boolean: ${text}`);
  // An abstained answer carries the fallback label; its score and top are still the model's own.
  const fallback = info.abstain?.label ?? ABSTAIN_DEFAULTS.label;
  if (prediction.abstained ? prediction.label !== fallback : !info.labels.includes(prediction.label))
    throw new Error(`wrong label: ${text}`);
  if (!isProbability(prediction.score)) throw new Error(`score is not a probability: ${text}`);
  if (!Array.isArray(prediction.top) || prediction.top.length !== k)
    throw new Error(`top has not ${k} entries: ${text}`);
  const labels = new Set<string>();
  prediction.top.forEach((entry: any, i: number) => {
    if (Object.keys(entry).sort().join(',') !== 'label,score') throw new Error(`top entry shape: ${text}`);
    if (!info.labels.includes(entry.label) || !isProbability(entry.score)) throw new Error(`top entry values: ${text}`);
    if (i > 0 && entry.score > prediction.top[i - 1].score) throw new Error(`top not sorted by score: ${text}`);
    labels.add(entry.label);
  });
  if (labels.size !== k) throw new Error(`top repeats a label: ${text}`);
  if (
    (!prediction.abstained && prediction.top[0].label !== prediction.label) ||
    prediction.top[0].score !== prediction.score
  ) {
    throw new Error(`label/score differ from the best of top: ${text}`);
  }
}

/**
 * Checks the explanation of one text prediction: it explains the answered label (the top one when abstained), its
 * tokens are slices of the text as sent, in order and apart, at most 64 of them, each with a finite weight.
 */
export function expectExplanation(prediction: any, text: string, info: ModelInfo): void {
  const shown = JSON.stringify(prediction.explanation);
  const { target, method, tokens, truncated } = prediction.explanation ?? {};
  if (
    Object.keys(prediction.explanation ?? {})
      .sort()
      .join(',') !== 'method,target,tokens,truncated'
  )
    throw new Error(`explanation keys: ${shown}`);
  if (target !== (prediction.abstained ? prediction.top[0].label : prediction.label) || !info.labels.includes(target))
    throw new Error(`explanation target: ${shown}`);
  if (method !== 'occlusion' || typeof truncated !== 'boolean' || !Array.isArray(tokens) || tokens.length > 64)
    throw new Error(`explanation shape: ${shown}`);
  if (truncated && tokens.length !== 64) throw new Error(`a truncated explanation holds 64 tokens: ${shown}`);
  let end = 0;
  for (const token of tokens) {
    if (Object.keys(token).sort().join(',') !== 'end,start,text,weight') throw new Error(`token keys: ${shown}`);
    if (!(Number.isInteger(token.start) && token.start >= end && token.end > token.start && token.end <= text.length))
      throw new Error(`token offsets: ${shown}`);
    if (text.slice(token.start, token.end) !== token.text)
      throw new Error(`token text is not text.slice(start, end): ${shown}`);
    if (!Number.isFinite(token.weight) || Math.abs(token.weight) > 1) throw new Error(`token weight: ${shown}`);
    end = token.end;
  }
}

/** `{name, version}` of the model, as classification responses carry it. */
export function expectModelRef(model: any, info: ModelInfo): void {
  if (JSON.stringify(model) !== JSON.stringify({ name: info.name, version: info.version })) {
    throw new Error(`model ref ${JSON.stringify(model)} is not {name, version} of the served model`);
  }
}

function isProbability(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}
