/**
 * `MODEL_DIR=/path/to/bundle npm start` serves that bundle: the `start` script of package.json, run by npm as a user
 * runs it, with MODEL_DIR set only in the shell it starts from (the harness adds ports, never `--localEnvironment`).
 * One offline start: they take a while.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel } from '../../scripts/import/import-model';
import { exampleOptions, MLP } from '../import/support/examples';
import { tempDir } from '../model/fixture-bundle';
import { startNpmStartOffline, type OfflineServer } from '../support/offline';

jest.setTimeout(30_000);

let server: OfflineServer | undefined;
let cleanup: () => void = () => undefined;

beforeAll(async () => {
  const temp = tempDir('atlas-npm-start-');
  cleanup = temp.cleanup;
  const bundle = join(temp.dir, 'iris');
  await importModel({ ...exampleOptions(MLP, bundle), name: 'iris-from-model-dir' });
  server = await startNpmStartOffline('dev', 150_000, { MODEL_DIR: bundle });
}, 200_000);

afterAll(async () => {
  await server?.stop();
  cleanup();
});

describe('MODEL_DIR=<bundle> npm start', () => {
  it('serves that bundle, not the shipped model/', async () => {
    const shipped = JSON.parse(readFileSync(join(__dirname, '..', '..', 'model', 'manifest.json'), 'utf8')) as {
      name: string;
    };
    const health = (await (await fetch(`${server!.baseUrl}/health`)).json()) as any;
    expect(health.model).toMatchObject({ name: 'iris-from-model-dir', input: { kind: 'features' } });
    expect(health.model.name).not.toBe(shipped.name);
    const classified = await fetch(`${server!.baseUrl}/classify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ features: [5.0, 3.4, 1.5, 0.2] }),
    });
    expect(classified.status).toBe(200);
    expect(await classified.json()).toMatchObject({ label: 'setosa', model: { name: 'iris-from-model-dir' } });
  });
});
