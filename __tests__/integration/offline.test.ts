/**
 * The service as a client sees it: `serverless offline` (the same bundles, API Gateway emulation) on free
 * ports, real HTTP requests with Node's fetch, then the server is stopped.
 */
import { startOffline, type OfflineServer } from '../support/offline';

jest.setTimeout(30_000);

const stage = 'dev';
/** The dev stage limits (serverless.yml params; also the documented defaults). */
const limits = { maxTextChars: 2000, maxBatchItems: 128, maxBodyBytes: 1_048_576 };

let server: OfflineServer | undefined;
let baseUrl: string;

beforeAll(async () => {
  server = await startOffline(stage, 90_000);
  baseUrl = server.baseUrl;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** Sends a request and reads the whole answer; the body is parsed when it is JSON. */
async function request(
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  contentType = 'application/json',
): Promise<Reply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
    body,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

const postJson = (path: string, value: unknown) => request('POST', path, JSON.stringify(value));

/** Asserts a 200; on failure the message shows the error envelope answered instead. */
function expectOk(reply: Reply): void {
  expect({ status: reply.status, error: reply.body?.error }).toEqual({ status: 200, error: undefined });
}

/** Asserts what every answer shares: JSON, a request id header, and security headers that survive the gateway. */
function expectJsonWithRequestId(reply: Reply): void {
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.body).toBeDefined();
  expect(reply.headers.get('x-request-id')).toEqual(expect.any(String));
  expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
  expect(reply.headers.get('cache-control')).toBe('no-store');
}

/** Asserts one error answer: status, JSON envelope with the code, the same request id in body and header. */
function expectError(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({ status, code });
  expectJsonWithRequestId(reply);
  expect(reply.body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
    requestId: reply.headers.get('x-request-id'),
  });
  // Nothing internal leaks: no stack frames, no absolute paths.
  expect(reply.text).not.toMatch(/\s+at\s+\S+\s+\(|\/work\/|node_modules|\.ts:\d+/);
}

function expectPrediction(prediction: any, topK: number): void {
  expect(prediction).toEqual(
    expect.objectContaining({ label: expect.any(String), score: expect.any(Number), top: expect.any(Array) }),
  );
  expect(prediction.top).toHaveLength(topK);
  const scores = prediction.top.map((entry: { score: number }) => entry.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  expect(prediction.top[0]).toEqual({ label: prediction.label, score: prediction.score });
  expect(prediction.score).toBeGreaterThan(0);
  expect(prediction.score).toBeLessThanOrEqual(1);
}

describe('happy paths', () => {
  test('GET /health reports the model', async () => {
    const reply = await request('GET', '/health');
    expectOk(reply);
    expectJsonWithRequestId(reply);
    expect(reply.body).toEqual(
      expect.objectContaining({
        status: 'ok',
        coldStart: expect.any(Boolean),
        model: expect.objectContaining({
          name: expect.any(String),
          version: expect.any(String),
          labels: expect.any(Array),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        }),
      }),
    );
  });

  test('POST /classify answers the top 3 labels by default, and topK when given', async () => {
    const health = await request('GET', '/health');
    const reply = await postJson('/classify', { text: 'I still have not received my new card' });
    expectOk(reply);
    expectJsonWithRequestId(reply);
    expectPrediction(reply.body, 3);
    expect(reply.body.model).toEqual({ name: health.body.model.name, version: health.body.model.version });
    expect(health.body.model.labels).toContain(reply.body.label);

    const five = await postJson('/classify', { text: 'I still have not received my new card', topK: 5 });
    expectOk(five);
    expectPrediction(five.body, 5);
    expect(five.body.label).toBe(reply.body.label);
  });

  test('POST /classify/batch answers in request order, echoes ids, and agrees with /classify', async () => {
    const texts = ['how do I top up my account', 'my card payment was declined', 'what is the exchange rate'];
    const reply = await postJson('/classify/batch', {
      items: [texts[0], { id: 'second', text: texts[1] }, { text: texts[2] }],
      topK: 2,
    });
    expectOk(reply);
    expectJsonWithRequestId(reply);
    expect(reply.body.results).toHaveLength(3);
    expect(reply.body.results.map((result: { id?: string }) => result.id)).toEqual([undefined, 'second', undefined]);
    for (const result of reply.body.results) expectPrediction(result, 2);

    // One at a time: parallel requests would make offline start a cold worker (tfjs + model load) for each.
    const singleLabels: string[] = [];
    for (const text of texts) singleLabels.push((await postJson('/classify', { text, topK: 2 })).body.label);
    expect(reply.body.results.map((r: { label: string }) => r.label)).toEqual(singleLabels);
  });
});

describe('errors use one JSON envelope with the right status', () => {
  test('400 MALFORMED_JSON when the body is not JSON', async () => {
    expectError(await request('POST', '/classify', '{"text": "unfinished'), 400, 'MALFORMED_JSON');
  });

  test('400 INVALID_REQUEST lists each schema violation with its JSON pointer', async () => {
    const reply = await postJson('/classify', { text: 42, topK: 'three' });
    expectError(reply, 400, 'INVALID_REQUEST');
    expect(reply.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/text', message: expect.any(String) })]),
    );
    for (const detail of reply.body.error.details) expect(detail.path).toMatch(/^\//);
  });

  test('400 INVALID_REQUEST for an unknown field and for a batch item without text', async () => {
    expectError(await postJson('/classify', { text: 'hello', topk: 2 }), 400, 'INVALID_REQUEST');
    const reply = await postJson('/classify/batch', { items: ['fine', { id: 'x' }] });
    expectError(reply, 400, 'INVALID_REQUEST');
    expect(JSON.stringify(reply.body.error.details)).toContain('/items/1');
  });

  test('400 INVALID_REQUEST for whitespace-only text', async () => {
    const reply = await postJson('/classify', { text: '   \n\t ' });
    expectError(reply, 400, 'INVALID_REQUEST');
    expect(reply.body.error.details).toEqual([expect.objectContaining({ path: '/text' })]);
  });

  test('413 PAYLOAD_TOO_LARGE for a text over the character limit', async () => {
    expectError(await postJson('/classify', { text: 'a'.repeat(limits.maxTextChars + 1) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('413 PAYLOAD_TOO_LARGE for a batch over the item limit', async () => {
    const items = Array.from({ length: limits.maxBatchItems + 1 }, (_, i) => `text number ${i}`);
    expectError(await postJson('/classify/batch', { items }), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('413 PAYLOAD_TOO_LARGE for a body over the byte limit', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(limits.maxBodyBytes) });
    expect(Buffer.byteLength(body)).toBeGreaterThan(limits.maxBodyBytes);
    expectError(await request('POST', '/classify', body), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('415 UNSUPPORTED_MEDIA_TYPE when the body is not declared as JSON', async () => {
    const reply = await request('POST', '/classify', JSON.stringify({ text: 'hello' }), 'text/plain');
    expectError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
