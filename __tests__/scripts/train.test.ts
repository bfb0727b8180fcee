import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import { loadClassifier } from '../../lib/model/load-classifier';
import type { BundleManifest } from '../../lib/model/bundle/manifest';
import { parseTrainArgs } from '../../scripts/training/cli-options';
import { readTrainingData, trainBundle } from '../../scripts/training/pipeline';
import { stratifiedSplit } from '../../scripts/training/split';
import { FIXTURE_CSV, fixtureOptions, tempDir, trainFixtureBundle } from '../model/fixture-bundle';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'model', name);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('trainBundle on the fixture', () => {
  it('writes a complete, verifiable bundle whose manifest describes the run', async () => {
    const { modelDir, result } = await trainFixtureBundle(dir);
    expect(readdirSync(modelDir).sort()).toEqual(['manifest.json', 'model.json', 'vocab.json', 'weights.bin']);
    const check = verifyBundle(modelDir);
    expect(check.ok).toBe(true);
    const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as BundleManifest;
    expect(manifest).toMatchObject({
      name: 'fixture-intents',
      version: '0.0.1',
      labels: ['billing', 'greeting', 'music', 'weather'],
      tfjsVersion: '4.22.0',
      training: {
        data: { name: 'intents.csv', rows: 80, skippedRows: 0, licence: 'MIT' },
        settings: { seed: 7, epochs: 15 },
      },
    });
    expect(manifest.metrics.validation.n).toBe(16);
    expect(manifest.metrics.validation.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(manifest.metrics.validation).toEqual(result.manifest.metrics.validation);
    const modelJson = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].weights[0]).toMatchObject({
      name: expect.stringContaining('embedding'),
      quantization: { dtype: 'uint8' },
    });
  });

  it('writes samples for the deployment smoke test: two held-out rows of each label, never a training row', async () => {
    const options = fixtureOptions();
    const { rows } = readTrainingData(options);
    const split = stratifiedSplit(
      rows.map((r) => r.label),
      options.valFraction,
      options.seed,
    );
    const heldOut = new Set(split.validation.map((i) => `${rows[i]!.label}\t${rows[i]!.text}`));
    const { modelDir } = await trainFixtureBundle(join(dir, 'samples'), { epochs: 2 });
    const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')) as BundleManifest;
    expect(manifest.samples).toHaveLength(2 * manifest.labels.length);
    for (const label of manifest.labels) expect(manifest.samples!.filter((s) => s.label === label)).toHaveLength(2);
    for (const sample of manifest.samples!) expect(heldOut.has(`${sample.label}\t${sample.text}`)).toBe(true);
  });

  it('gives the same validation metrics and weights for the same data and seed', async () => {
    const first = await trainFixtureBundle(join(dir, 'det-1'), { epochs: 4 });
    const second = await trainFixtureBundle(join(dir, 'det-2'), { epochs: 4 });
    expect(second.result.history).toEqual(first.result.history);
    expect(second.result.manifest.metrics).toEqual(first.result.manifest.metrics);
    const weights = (m: BundleManifest) => m.files.find((f) => f.path === 'weights.bin')!.sha256;
    expect(weights(second.result.manifest)).toBe(weights(first.result.manifest));
    const otherSeed = await trainFixtureBundle(join(dir, 'det-3'), { epochs: 4, seed: 8 });
    expect(weights(otherSeed.result.manifest)).not.toBe(weights(first.result.manifest));
  });

  it('learns a model with a hidden layer and float16 weights too', async () => {
    const { modelDir } = await trainFixtureBundle(join(dir, 'hidden'), {
      hiddenUnits: 8,
      dropout: 0.1,
      quantize: 'float16',
      epochs: 25,
    });
    const classifier = await loadClassifier(modelDir);
    expect(classifier.classify(['will it snow tomorrow', 'play my playlist'], 1).map((p) => p.label)).toEqual([
      'weather',
      'music',
    ]);
    classifier.dispose();
  });

  it.each([
    ['a missing file', { data: fixture('nope.csv') }, /^data file not found/],
    ['an empty file', { data: fixture('empty.csv') }, /^data file is empty/],
    ['a missing column', { labelColumn: 'category' }, /^column "category" not found .*; columns found: text, label$/],
    ['a label with a single example', { data: fixture('single-example.csv') }, /1 label\(s\) have 1: music/],
    [
      'no usable rows',
      { data: fixture('all-empty-text.csv') },
      /^no usable rows .* \(2 skipped with empty text or label\)$/,
    ],
    ['a header without rows', { data: fixture('header-only.csv') }, /^no usable rows/],
  ])('rejects %s and writes nothing', async (_, overrides, message) => {
    const out = join(dir, 'rejected');
    await expect(trainBundle(fixtureOptions({ out, ...overrides }))).rejects.toThrow(message);
    expect(existsSync(out)).toBe(false);
  });

  it('keeps the previous bundle when a forced run fails', async () => {
    const { modelDir } = await trainFixtureBundle(join(dir, 'keep'), { epochs: 2 });
    const before = readFileSync(join(modelDir, 'manifest.json'));
    await expect(
      trainBundle(fixtureOptions({ out: modelDir, force: true, data: fixture('empty.csv') })),
    ).rejects.toThrow(/^data file is empty/);
    expect(readFileSync(join(modelDir, 'manifest.json'))).toEqual(before);
    expect(readdirSync(join(dir, 'keep'))).toEqual(['bundle']);
  });

  it('refuses a non-empty --out without force before reading anything, and replaces it with force', async () => {
    const { modelDir, result } = await trainFixtureBundle(join(dir, 'guard'), { epochs: 2 });
    const before = readFileSync(join(modelDir, 'manifest.json'));
    // A missing data file would fail later: the refusal must come first and name the remedy.
    await expect(trainBundle(fixtureOptions({ out: modelDir, epochs: 3, data: fixture('nope.csv') }))).rejects.toThrow(
      `--out ${modelDir}: already exists and is not empty (choose a new directory, or add --force to replace it)`,
    );
    expect(readFileSync(join(modelDir, 'manifest.json'))).toEqual(before);
    expect(readdirSync(join(dir, 'guard'))).toEqual(['bundle']);

    const forced = await trainBundle(fixtureOptions({ out: modelDir, epochs: 3, force: true }));
    expect(forced.manifest.training.settings).toMatchObject({ epochs: 3 });
    expect(forced.manifest.training.settings).not.toHaveProperty('force');
    expect(result.manifest.training.settings).toMatchObject({ epochs: 2 });
    expect(JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8')).training.settings).toMatchObject({
      epochs: 3,
    });
    expect(readdirSync(join(dir, 'guard'))).toEqual(['bundle']);
  });

  it('accepts an empty existing --out without force', async () => {
    const out = join(dir, 'empty-out');
    mkdirSync(out);
    await trainBundle(fixtureOptions({ out, epochs: 1 }));
    expect(verifyBundle(out).ok).toBe(true);
  });
});

describe('the CLIs as child processes', () => {
  it('train writes a bundle and reports skipped rows; evaluate --json prints one JSON object', async () => {
    const csv = join(dir, 'with-blank.csv');
    writeFileSync(csv, readFileSync(FIXTURE_CSV, 'utf8') + '"  ",music\n');
    const out = join(dir, 'cli-bundle');
    const train = await run(
      TSX,
      [
        'scripts/train.ts',
        '--data',
        csv,
        '--out',
        out,
        '--epochs',
        '12',
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
        '--name',
        'cli-model',
      ],
      { cwd: ROOT },
    );
    expect(train.stdout).toContain('rows 80 (skipped 1 with empty text or label), labels 4');
    expect(train.stdout).toMatch(/epoch 12\/12 loss [\d.]+ val acc [\d.]+/);
    expect(train.stdout).toMatch(/^epochs per member: \d+( \(kept \d+\))?(, \d+( \(kept \d+\))?){2} of at most 12$/m);
    // 16 held-out rows at --max-reject 0.02: no row may be rejected, and the trainer says so instead of "< 0".
    expect(train.stdout).toContain(
      'abstention: threshold off (0): too few held-out in-scope rows: 16 x --max-reject 0.02 allows no row to be rejected',
    );
    expect(train.stdout).toContain(
      `abstention: to set one by hand, measure it with \`npm run evaluate -- --data <labelled.csv> --model ${out} --threshold 0.3\``,
    );
    expect(train.stdout).not.toContain('< 0 ->');
    expect(verifyBundle(out).ok).toBe(true);

    const evaluated = await run(
      TSX,
      ['scripts/evaluate.ts', '--data', csv, '--model', out, '--json', '--report', join(dir, 'report')],
      { cwd: ROOT },
    );
    const summary = JSON.parse(evaluated.stdout);
    expect(summary).toMatchObject({ n: 80, skippedRows: 1, unknownLabelRows: 0, model: { name: 'cli-model' } });
    expect(summary.accuracy).toBeGreaterThan(0.9);
    expect(summary.macroF1).toBeGreaterThan(0.9);
    expect(summary.macroF1).toBeLessThanOrEqual(1);
    expect(readFileSync(join(dir, 'report', 'report.md'), 'utf8')).toContain('# Evaluation of cli-model');
    expect(readFileSync(join(dir, 'report', 'confusion-matrix.svg'), 'utf8')).toContain('<svg');
  }, 60_000);

  it('train never writes into the shipped model/ by default: --out defaults to a fresh trained-model/, model/ needs --force', async () => {
    expect(parseTrainArgs(['--data', 'x.csv']).out).toBe('trained-model');
    const shipped = readFileSync(join(ROOT, 'model', 'manifest.json'));
    const failure = await run(TSX, ['scripts/train.ts', '--data', FIXTURE_CSV, '--out', 'model', '--epochs', '1'], {
      cwd: ROOT,
    }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      'error: --out model: already exists and is not empty (choose a new directory, or add --force to replace it)',
    );
    expect(failure.stdout).toBe('');
    expect(readFileSync(join(ROOT, 'model', 'manifest.json'))).toEqual(shipped);
  }, 60_000);

  it('fail with one clear line and exit code 1 on bad input', async () => {
    const failure = await run(TSX, ['scripts/train.ts', '--data', fixture('edge-cases.csv'), '--out', join(dir, 'x')], {
      cwd: ROOT,
    }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      `error: column "label" not found in ${fixture('edge-cases.csv')}; columns found: id, text, category`,
    );
    const badModel = await run(TSX, ['scripts/evaluate.ts', '--data', FIXTURE_CSV, '--model', join(dir, 'none')], {
      cwd: ROOT,
    }).catch((e) => e);
    expect(badModel.code).toBe(1);
    expect(badModel.stderr.trim()).toBe(`error: model ${join(dir, 'none')}: manifest.json: missing or unreadable`);
  }, 60_000);
});
