/**
 * The example models, imported with `npm run import-model`, served by `serverless offline` (same bundles, API
 * Gateway emulation) with MODEL_DIR pointing at them: a sequence (LSTM) model and a features (MLP) model.
 */
import { join } from 'node:path';
import { importModel } from '../../scripts/import/import-model';
import { exampleOptions, LSTM, MLP } from '../import/support/examples';
import { tempDir } from '../model/fixture-bundle';
import { startOffline, type OfflineServer } from '../support/offline';

jest.setTimeout(30_000);

let servers: { lstm: OfflineServer; mlp: OfflineServer } | undefined;
let cleanup: () => void = () => undefined;

beforeAll(async () => {
  const temp = tempDir('atlas-offline-imported-');
  cleanup = temp.cleanup;
  const lstmDir = join(temp.dir, 'lstm');
  const mlpDir = join(temp.dir, 'mlp');
  await importModel({ ...exampleOptions(LSTM, lstmDir), name: 'review-lstm' });
  await importModel({ ...exampleOptions(MLP, mlpDir), name: 'iris-mlp' });
  const [lstm, mlp] = await Promise.allSettled([
    startOffline('dev', 150_000, { MODEL_DIR: lstmDir }),
    startOffline('dev', 150_000, { MODEL_DIR: mlpDir }),
  ]);
  if (lstm.status === 'rejected' || mlp.status === 'rejected') {
    for (const s of [lstm, mlp]) if (s.status === 'fulfilled') await s.value.stop();
    throw (lstm.status === 'rejected' ? lstm.reason : (mlp as PromiseRejectedResult).reason) as Error;
  }
  servers = { lstm: lstm.value, mlp: mlp.value };
}, 200_000);

afterAll(async () => {
  await servers?.lstm.stop();
  await servers?.mlp.stop();
  cleanup();
});

async function post(server: OfflineServer, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('imported models over serverless offline', () => {
  it('serves the LSTM sequence model: /health, /classify and /classify/batch', async () => {
    const health = (await (await fetch(`${servers!.lstm.baseUrl}/health`)).json()) as any;
    expect(health.model).toMatchObject({ name: 'review-lstm', input: { kind: 'sequence' } });
    const one = await post(servers!.lstm, '/classify', { text: 'Great product, works perfectly!' });
    expect(one).toMatchObject({ status: 200, body: { label: 'positive', model: { name: 'review-lstm' } } });
    const batch = await post(servers!.lstm, '/classify/batch', {
      items: ['terrible quality, do not buy', { id: 'x', text: 'excellent, i love it' }],
    });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: { label: string }) => r.label)).toEqual(['negative', 'positive']);
    const wrongKind = await post(servers!.lstm, '/classify', { features: [1] });
    expect(wrongKind).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', details: [{ path: '/features' }] } },
    });
  });

  it('serves the MLP features model: named and ordered features, and a 400 naming a missing one', async () => {
    const health = (await (await fetch(`${servers!.mlp.baseUrl}/health`)).json()) as any;
    expect(health.model.input).toEqual({
      kind: 'features',
      features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    });
    const named = await post(servers!.mlp, '/classify', {
      features: { sepal_length: 5.0, sepal_width: 3.4, petal_length: 1.5, petal_width: 0.2 },
    });
    expect(named).toMatchObject({ status: 200, body: { label: 'setosa' } });
    const batch = await post(servers!.mlp, '/classify/batch', { items: [{ features: [6.6, 3.0, 5.6, 2.0] }] });
    expect(batch.body.results[0].label).toBe('virginica');
    const missing = await post(servers!.mlp, '/classify', { features: { sepal_length: 5.0 } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      '/features/sepal_width',
      '/features/petal_length',
      '/features/petal_width',
    ]);
  });
});
