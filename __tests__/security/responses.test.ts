/**
 * What a client can learn from the service: every answer -- the events/ payloads, an unexpected 500, a 503 --
 * carries the security headers and JSON, and nothing internal (stack frames, file paths, library names).
 */
import '../fuzz/support/env';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { loadConfig } from '../../lib/config';
import { SECURITY_HEADERS } from '../../lib/http/middleware/security-headers';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { createHealthHandler } from '../../lib/routes/health';
import type { Classifier } from '../../lib/model/types';
import { expectNoLeak, expectWellFormed } from '../fuzz/support/contract';
import { jsonPost } from '../fuzz/support/events';
import { eventNames as storedEventNames, lambdaContext, loadEvent as readEvent } from '../http/support/events';
import { captureLogs } from '../fuzz/support/logs';

const eventNames = storedEventNames();

function handlerFor(name: string) {
  if (name === 'health') return health;
  return name.startsWith('classify-batch') ? classifyBatch : classify;
}

/** Headers no answer may carry: they advertise the stack to an attacker. */
const FINGERPRINT_HEADERS = /^(x-powered-by|server|x-aspnet-version|x-runtime)$/i;

function expectHardened(response: APIGatewayProxyResult): void {
  expect(response.headers).toMatchObject({ ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
  expect(Object.keys(response.headers ?? {}).filter((name) => FINGERPRINT_HEADERS.test(name))).toEqual([]);
}

/** A classifier failing the way a real bug would: an error with a stack, a file path and a library name in it. */
const exploding: Classifier = {
  info: { name: 'm', version: '1', labels: ['a', 'b'], sha256: '0'.repeat(64) },
  classify: () => {
    throw new TypeError(
      "Cannot read properties of undefined (reading 'dataSync') at /var/task/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js:4242:17",
    );
  },
  dispose: () => undefined,
};

describe('responses leak nothing and are hardened', () => {
  it.each(eventNames)('events/%s.json', async (name) => {
    const event = readEvent(name);
    const response = await handlerFor(name)(event, lambdaContext());
    expectWellFormed(response, { clientText: event.body ?? '' });
    expectHardened(response);
  });

  it('an unexpected error is a generic 500: no message, stack, path or library name of the real error', async () => {
    const config = loadConfig({});
    const handlers = [
      createClassifyHandler({ getClassifier: async () => exploding, config }),
      createClassifyBatchHandler({ getClassifier: async () => exploding, config }),
    ];
    const logs = captureLogs();
    try {
      for (const [i, handler] of handlers.entries()) {
        const response = await handler(i === 0 ? readEvent('classify') : readEvent('classify-batch'), lambdaContext());
        expect(response.statusCode).toBe(500);
        expectHardened(response);
        expectNoLeak(response, '');
        const body = JSON.parse(response.body);
        expect(body).toEqual({
          error: { code: 'INTERNAL', message: expect.any(String) },
          requestId: expect.any(String),
        });
        expect(response.body).not.toMatch(/dataSync|Cannot read/);
      }
      // The real error is kept for the operator, in the log, with the request id.
      expect(logs.entries().filter((e) => e.level === 'ERROR' && /unexpected error/.test(e.message))).toHaveLength(2);
    } finally {
      logs.restore();
    }
  });

  it('a health check that throws something unexpected is a generic 500 too', async () => {
    const broken = createHealthHandler({
      getBundleInfo: async () =>
        Promise.reject(new Error('EACCES: permission denied, open /var/task/model/manifest.json')),
    });
    const logs = captureLogs();
    try {
      const response = await broken(readEvent('health'), lambdaContext());
      expect(response.statusCode).toBe(500);
      expectHardened(response);
      expectNoLeak(response, '');
    } finally {
      logs.restore();
    }
  });

  it('a 503 (no model at all) is hardened and names no path', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'atlas-no-model-'));
    const saved = process.env.MODEL_DIR;
    process.env.MODEL_DIR = empty;
    const logs = captureLogs();
    try {
      let isolated: Record<string, (e: any, c: any) => Promise<APIGatewayProxyResult>> = {};
      jest.isolateModules(() => {
        isolated = {
          classify: require('../../handlers/classify').handler,
          batch: require('../../handlers/classify-batch').handler,
          health: require('../../handlers/health').handler,
        };
      });
      const answers = [
        await isolated.classify!(readEvent('classify'), lambdaContext()),
        await isolated.batch!(readEvent('classify-batch'), lambdaContext()),
        await isolated.health!(readEvent('health'), lambdaContext()),
      ];
      for (const response of answers) {
        expect(response.statusCode).toBe(503);
        expectWellFormed(response, { clientText: '' }, { allowUnavailable: true });
        expectHardened(response);
        expect(response.body).not.toContain(empty);
      }
    } finally {
      logs.restore();
      process.env.MODEL_DIR = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('never echoes a request id that could inject a header', async () => {
    for (const id of [
      'abc\r\nSet-Cookie: session=stolen',
      'x'.repeat(500),
      '<script>alert(1)</script>',
      'id with spaces',
    ]) {
      const event = jsonPost('/classify', '{"text":"where is my card"}');
      event.requestContext.requestId = id;
      const response = await classify(event, lambdaContext());
      expect(response.headers?.['X-Request-Id']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(response.body).not.toContain(id);
    }
  });
});
