/**
 * CORS comes from configuration (CORS_ORIGINS, per stage): an allowed origin is echoed with `Vary: Origin`, any
 * other origin is not, on every answer (success, each client error, 503); `*` allows any origin.
 */
import '../fuzz/support/env';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { loadConfig } from '../../lib/config';
import { ModelLoadError } from '../../lib/model/errors';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { createHealthHandler } from '../../lib/routes/health';
import { getBundleInfo } from '../../lib/serving/bundle-status';
import { getClassifier } from '../../lib/serving/classifier';
import { toModelUnavailable } from '../../lib/serving/model-unavailable';
import { apiEvent, lambdaContext, type Route } from '../fuzz/support/events';
import { captureLogs } from '../fuzz/support/logs';

const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];
const json = { 'Content-Type': 'application/json' };

/** One request of each kind of answer, as [name, route, body, headers]. */
const ANSWERS: Array<[string, Route, string | null, Record<string, string>]> = [
  ['200 classify', '/classify', '{"text":"where is my card"}', json],
  ['200 batch', '/classify/batch', '{"items":["where is my card"]}', json],
  ['200 health', '/health', null, {}],
  ['400 malformed', '/classify', '{"text":', json],
  ['400 invalid', '/classify', '{"text":1}', json],
  ['413 too large', '/classify', JSON.stringify({ text: 'x'.repeat(5000) }), json],
  ['415 media type', '/classify', '{"text":"hi"}', { 'Content-Type': 'text/plain' }],
];

function handlersFor(corsOrigins: string, modelBroken = false) {
  const config = loadConfig({ CORS_ORIGINS: corsOrigins });
  const unavailable = async (): Promise<never> => {
    throw toModelUnavailable(new ModelLoadError('weights.bin: sha256 does not match the manifest'));
  };
  return {
    '/classify': createClassifyHandler({ getClassifier: modelBroken ? unavailable : getClassifier, config }),
    '/classify/batch': createClassifyBatchHandler({ getClassifier: modelBroken ? unavailable : getClassifier, config }),
    '/health': createHealthHandler({ getBundleInfo: modelBroken ? unavailable : getBundleInfo, config }),
  };
}

async function send(
  handlers: ReturnType<typeof handlersFor>,
  route: Route,
  body: string | null,
  headers: Record<string, string>,
): Promise<APIGatewayProxyResult> {
  return handlers[route](
    apiEvent(route, { body, headers, method: route === '/health' ? 'GET' : 'POST' }),
    lambdaContext(),
  );
}

describe('CORS from CORS_ORIGINS', () => {
  const listed = handlersFor(ALLOWED.join(','));

  it.each(ANSWERS)('%s: echoes an allowed origin, with Vary: Origin', async (_name, route, body, headers) => {
    for (const origin of ALLOWED) {
      for (const header of ['Origin', 'origin']) {
        const response = await send(listed, route, body, { ...headers, [header]: origin });
        expect(response.headers?.['Access-Control-Allow-Origin']).toBe(origin);
        expect(String(response.headers?.Vary)).toMatch(/\bOrigin\b/);
        expect(response.headers?.['Access-Control-Expose-Headers']).toMatch(/X-Request-Id/);
      }
    }
  });

  it.each(ANSWERS)('%s: does not allow any other origin', async (_name, route, body, headers) => {
    for (const origin of [
      'https://evil.example.com',
      'https://app.example.com.evil.com',
      'http://app.example.com',
      'null',
      'https://APP.example.com',
    ]) {
      const response = await send(listed, route, body, { ...headers, Origin: origin });
      const allowed = response.headers?.['Access-Control-Allow-Origin'];
      expect({ origin, allowed }).toEqual({ origin, allowed: undefined });
    }
  });

  it('applies to 503 MODEL_UNAVAILABLE answers too', async () => {
    const broken = handlersFor(ALLOWED.join(','), true);
    const logs = captureLogs();
    try {
      for (const [route, body] of [
        ['/classify', '{"text":"hi"}'],
        ['/classify/batch', '{"items":["hi"]}'],
        ['/health', null],
      ] as const) {
        const good = await send(broken, route, body, { ...json, Origin: ALLOWED[0]! });
        expect({ route, status: good.statusCode, allowed: good.headers?.['Access-Control-Allow-Origin'] }).toEqual({
          route,
          status: 503,
          allowed: ALLOWED[0],
        });
        const bad = await send(broken, route, body, { ...json, Origin: 'https://evil.example.com' });
        expect(bad.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
      }
    } finally {
      logs.restore();
    }
  });

  it('a single configured origin is echoed only to itself, and caches are told the answer varies', async () => {
    const single = handlersFor('https://only.example.com');
    const mine = await send(single, '/classify', '{"text":"hi"}', { ...json, Origin: 'https://only.example.com' });
    expect(mine.headers?.['Access-Control-Allow-Origin']).toBe('https://only.example.com');
    expect(String(mine.headers?.Vary)).toMatch(/\bOrigin\b/);
    const other = await send(single, '/classify', '{"text":"hi"}', { ...json, Origin: 'https://other.example.com' });
    expect(other.headers?.['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('"*" (the default) allows any origin without echoing it', async () => {
    const any = handlersFor('*');
    for (const [, route, body, headers] of ANSWERS) {
      const response = await send(any, route, body, { ...headers, Origin: 'https://whoever.example.org' });
      expect(response.headers?.['Access-Control-Allow-Origin']).toBe('*');
      expect(response.headers?.['Access-Control-Allow-Credentials']).toBeUndefined();
    }
  });
});
