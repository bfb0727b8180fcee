import './support/debug-env';
import './support/quiet-env';
import { loadConfig } from '../../lib/config';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { createHealthHandler } from '../../lib/routes/health';
import type { Classifier } from '../../lib/model/types';
import { captureLogs } from './support/capture-logs';
import { bodyOf, jsonEvent, lambdaContext } from './support/events';
import { FakeClassifier } from './support/fake-classifier';

const config = loadConfig({});
const info = { name: 'fake-intents', version: '0.0.1', labels: ['a', 'b'], sha256: 'f'.repeat(64) };

describe('HttpHandler.warmUp (the init-phase request)', () => {
  it('runs the route with its made-up body, and logs nothing, even at DEBUG', async () => {
    const single = new FakeClassifier();
    const batch = new FakeClassifier();
    const logs = captureLogs();
    try {
      await createClassifyHandler({ getClassifier: async () => single, config }).warmUp();
      await createClassifyBatchHandler({ getClassifier: async () => batch, config }).warmUp();
      expect(logs.text()).toBe('');
    } finally {
      logs.restore();
    }
    expect(single.calls).toHaveLength(1);
    expect(single.calls[0]!.texts[0]).toEqual(expect.any(String));
    expect(batch.calls).toHaveLength(1);
    expect(batch.calls[0]!.texts.length).toBeGreaterThan(1);
  });

  it('fits its made-up body to the model: a features model is warmed with one number per feature, not a text', async () => {
    const seen: unknown[][] = [];
    const features: Classifier = {
      info: { ...info, input: { kind: 'features', features: ['width', 'height'] } },
      classify: (inputs) => (
        seen.push([...inputs]),
        inputs.map(() => ({ label: 'a', score: 1, top: [{ label: 'a', score: 1 }] }))
      ),
      dispose: () => undefined,
    };
    await createClassifyHandler({ getClassifier: async () => features, config }).warmUp();
    await createClassifyBatchHandler({ getClassifier: async () => features, config }).warmUp();
    expect(seen).toEqual([
      [[0, 0]],
      [
        [0, 0],
        [0, 0],
      ],
    ]);
  });

  it('leaves the cold start to the first real request', async () => {
    let checks = 0;
    const health = createHealthHandler({ getBundleInfo: async () => (checks++, info), config });
    await health.warmUp();
    expect(checks).toBe(1);
    const first = await health({ ...jsonEvent({}), httpMethod: 'GET', body: null }, lambdaContext());
    expect(bodyOf(first).coldStart).toBe(true);
  });

  it('never throws, whatever the route does, and the next real request still gets its error envelope', async () => {
    const handler = createClassifyHandler({
      getClassifier: async () => {
        throw new Error('the model is broken');
      },
      config,
    });
    const logs = captureLogs();
    try {
      await expect(handler.warmUp()).resolves.toBeUndefined();
      expect(logs.text()).toBe('');
      const response = await handler(jsonEvent({ text: 'hello' }), lambdaContext());
      expect(response.statusCode).toBe(500);
      expect(bodyOf(response).error.code).toBe('INTERNAL');
    } finally {
      logs.restore();
    }
  });
});
