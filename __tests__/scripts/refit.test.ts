import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import { trainerManifest } from '../../lib/model/bundle/served-manifest';
import { loadClassifier } from '../../lib/model/load-classifier';
import { MEASURED_BEFORE_REFIT, type BundleManifest } from '../../lib/model/bundle/manifest';
import { trainBundle } from '../../scripts/training/pipeline';
import { FIXTURE_CSV, fixtureOptions, tempDir, trainFixtureBundle } from '../model/fixture-bundle';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const sha = (m: BundleManifest, path: string) => m.files.find((f) => f.path === path)!.sha256;

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('trainBundle with refit', () => {
  it('ships a model refit on all rows and records the held-out run it measured', async () => {
    const plain = await trainFixtureBundle(join(dir, 'plain'));
    const { modelDir, result } = await trainFixtureBundle(join(dir, 'refit'), { refit: true });
    const check = verifyBundle(modelDir);
    if (!check.ok) throw new Error(check.reason);
    const manifest = trainerManifest(check.manifest);

    // The held-out run is the plain run, step for step; only the label on its metrics is new.
    expect(result.history).toEqual(plain.result.history);
    expect(manifest.metrics.validation).toEqual({
      ...plain.result.manifest.metrics.validation,
      measuredOn: MEASURED_BEFORE_REFIT,
    });
    expect(manifest.training.refit).toEqual({
      rows: 80,
      heldOutRun: {
        trainRows: 64,
        validationRows: 16,
        vocabularySize: plain.result.manifest.preprocessing.vocabularySize,
      },
    });
    expect(manifest.training.settings).toMatchObject({ refit: true, seed: 7, epochs: 15 });
    expect(plain.result.manifest.training.refit).toBeUndefined();
    expect(plain.result.manifest.metrics.validation.measuredOn).toBeUndefined();

    // The shipped vocabulary was rebuilt from all 80 rows (min-df 1: the 16 validation texts add n-grams).
    const vocabulary = JSON.parse(readFileSync(join(modelDir, 'vocab.json'), 'utf8')) as { tokens: string[] };
    expect(manifest.preprocessing.vocabularySize).toBe(vocabulary.tokens.length);
    expect(manifest.preprocessing.vocabularySize).toBeGreaterThan(manifest.training.refit!.heldOutRun.vocabularySize);
    expect(sha(manifest, 'weights.bin')).not.toBe(sha(plain.result.manifest, 'weights.bin'));
    expect(result.refitHistory).toHaveLength(15);
    expect(result.refitHistory!.every((e) => Number.isNaN(e.valAccuracy))).toBe(true);

    const classifier = await loadClassifier(modelDir);
    const texts = [
      'will it snow tomorrow',
      'hello there',
      'why was I charged twice on my bill',
      'play some jazz music',
    ];
    expect(classifier.classify(texts, 1).map((p) => p.label)).toEqual(['weather', 'greeting', 'billing', 'music']);
    classifier.dispose();
  });

  it('gives the same weights and vocabulary for the same data and seed', async () => {
    const first = await trainFixtureBundle(join(dir, 'det-1'), { refit: true, epochs: 4 });
    const second = await trainFixtureBundle(join(dir, 'det-2'), { refit: true, epochs: 4 });
    expect(second.result.refitHistory).toEqual(first.result.refitHistory);
    expect(sha(second.result.manifest, 'weights.bin')).toBe(sha(first.result.manifest, 'weights.bin'));
    expect(sha(second.result.manifest, 'vocab.json')).toBe(sha(first.result.manifest, 'vocab.json'));
  });

  it('is refused without a validation split, before anything is written', async () => {
    const out = join(dir, 'no-split');
    await expect(trainBundle(fixtureOptions({ out, refit: true, valFraction: 0 }))).rejects.toThrow(
      /^--refit needs a held-out run .*--val-fraction above 0/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('train --refit as a child process', () => {
  it('says which phase is running and which model it wrote', async () => {
    const out = join(dir, 'cli-refit');
    const args = [
      'scripts/train.ts',
      '--data',
      FIXTURE_CSV,
      '--out',
      out,
      '--epochs',
      '3',
      '--seed',
      '3',
      '--val-fraction',
      '0.2',
      '--batch-size',
      '8',
      '--learning-rate',
      '0.05',
      '--embedding-dim',
      '16',
      '--min-df',
      '1',
      '--char-ngrams',
      '2-4',
      '--refit',
    ];
    const { stdout } = await run(TSX, args, { cwd: ROOT });
    expect(stdout).toContain('[1/2 held-out run] training on 64 rows');
    expect(stdout).toMatch(/\[1\/2 held-out run\] member 3\/3 epoch 3\/3 loss [\d.]+ val acc [\d.]+/);
    expect(stdout).toContain('[2/2 refit on all rows] training from scratch on all 80 rows');
    expect(stdout).toMatch(/\[2\/2 refit on all rows\] member 3\/3 epoch 3\/3 loss [\d.]+ val acc -/);
    expect(stdout).toContain(`validation (${MEASURED_BEFORE_REFIT}) (as served, uint8)`);
    expect(stdout).toMatch(/refit on 80 rows\) in [\d.]+ s/);
    expect(verifyBundle(out).ok).toBe(true);
  }, 60_000);

  it('fails with one clear line and exit code 1 for --refit with --val-fraction 0', async () => {
    const out = join(dir, 'cli-no-split');
    const failure = await run(
      TSX,
      ['scripts/train.ts', '--data', FIXTURE_CSV, '--out', out, '--refit', '--val-fraction', '0'],
      { cwd: ROOT },
    ).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toMatch(
      /^error: --refit needs a held-out run to measure first; use --val-fraction above 0/,
    );
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
