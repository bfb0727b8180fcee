import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import type { BundleManifest } from '../../lib/model/bundle/manifest';
import { addSamplesToBundle } from '../../scripts/training/add-samples';
import { FIXTURE_CSV, tempDir, trainFixtureBundle } from '../model/fixture-bundle';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const readManifest = (modelDir: string) =>
  JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as BundleManifest;

describe('addSamplesToBundle', () => {
  it('gives a bundle without samples the very samples the trainer writes, and the bundle stays verifiable', async () => {
    const { modelDir } = await trainFixtureBundle(dir, { epochs: 2 });
    const trained = readManifest(modelDir);
    const { samples, ...older } = trained;
    writeFileSync(join(modelDir, 'manifest.json'), JSON.stringify(older, null, 2) + '\n');

    expect(addSamplesToBundle(modelDir, FIXTURE_CSV)).toEqual(samples);
    expect(readManifest(modelDir)).toEqual(trained);
    expect(verifyBundle(modelDir).ok).toBe(true);
  });

  it('refuses data other than the rows the bundle was trained on', async () => {
    const { modelDir } = await trainFixtureBundle(join(dir, 'other'), { epochs: 2 });
    const fewer = join(dir, 'fewer.csv');
    writeFileSync(fewer, readFileSync(FIXTURE_CSV, 'utf8').split('\n').slice(0, -5).join('\n'));
    expect(() => addSamplesToBundle(modelDir, fewer)).toThrow(/the bundle was trained on 80 rows/);
  });
});
