import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ABSTAIN_DEFAULTS } from '../../lib/model/abstain';
import { crossValidate, spread } from '../../scripts/training/cross-validate';
import { readGrid } from '../../scripts/training/grid';
import { readTrainingData } from '../../scripts/training/pipeline';
import { stratifiedFolds } from '../../scripts/training/split';
import { FIXTURE_CSV, fixtureOptions, tempDir } from '../model/fixture-bundle';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
/** Fixture settings as flags, so the CLI learns the fixture quickly. */
const FIXTURE_FLAGS = [
  '--data',
  FIXTURE_CSV,
  '--min-df',
  '1',
  '--embedding-dim',
  '16',
  '--learning-rate',
  '0.05',
  '--batch-size',
  '8',
  '--epochs',
  '6',
];

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('stratifiedFolds', () => {
  // 3 labels with 10, 7 and 4 rows, interleaved so fold membership cannot follow row order by accident.
  const labels = Array.from({ length: 21 }, (_, i) =>
    i % 3 === 0 || i >= 18 ? 'a' : i % 3 === 1 && i < 14 ? 'b' : 'c',
  );
  const count = (rows: number[], label: string) => rows.filter((r) => labels[r] === label).length;

  it('puts every row in exactly one fold', () => {
    const folds = stratifiedFolds(labels, 4, 1);
    expect(folds).toHaveLength(4);
    expect(folds.flat().sort((x, y) => x - y)).toEqual(labels.map((_, i) => i));
    expect(new Set(folds.flat()).size).toBe(labels.length);
  });

  it('gives each fold its share of every label (within one row) and balanced sizes', () => {
    const folds = stratifiedFolds(labels, 4, 1);
    for (const label of new Set(labels)) {
      const perFold = folds.map((fold) => count(fold, label));
      const total = labels.filter((l) => l === label).length;
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
      expect(perFold.reduce((a, b) => a + b, 0)).toBe(total);
    }
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    expect(stratifiedFolds(labels, 3, 5)).toEqual(stratifiedFolds(labels, 3, 5));
    expect(stratifiedFolds(labels, 3, 6)).not.toEqual(stratifiedFolds(labels, 3, 5));
  });

  it('refuses fewer than 2 folds, more folds than rows, and a label with one example', () => {
    expect(() => stratifiedFolds(labels, 1, 1)).toThrow('--cv needs at least 2 folds');
    expect(() => stratifiedFolds(['a', 'a', 'b'], 2, 1)).toThrow(/1 label\(s\) have 1: b/);
    expect(() => stratifiedFolds(['a', 'a', 'b', 'b'], 5, 1)).toThrow('--cv 5 needs at least 5 rows; the data has 4');
  });
});

describe('crossValidate on the fixture', () => {
  it('predicts every row once and gives the same figures for the same seed', async () => {
    const options = fixtureOptions({ epochs: 6 });
    const { rows, labels } = readTrainingData(options);
    const first = await crossValidate(rows, labels, options, 4);
    const second = await crossValidate(rows, labels, options, 4);
    expect(first.perFold.map((f) => f.validationRows).reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(first.perFold.every((f) => f.trainRows + f.validationRows === rows.length && f.stoppingRows === 0)).toBe(
      true,
    );
    const figures = (cv: typeof first) => cv.perFold.map(({ accuracy, macroF1 }) => ({ accuracy, macroF1 }));
    expect(figures(second)).toEqual(figures(first));
    expect(second.accuracy).toEqual(first.accuracy);
    expect(first.accuracy.mean).toBeGreaterThan(0.7);
    expect(first.accuracy).toEqual(spread(first.perFold.map((f) => f.accuracy)));
  });

  it('with probe bit depths also measures each fold as stored at them, from the same training', async () => {
    const options = fixtureOptions({ epochs: 6 });
    const { rows, labels } = readTrainingData(options);
    const plain = await crossValidate(rows, labels, options, 4);
    const probed = await crossValidate(rows, labels, options, 4, {}, [8, 2]);
    expect(probed.perFold.map((f) => f.accuracy)).toEqual(plain.perFold.map((f) => f.accuracy));
    expect(probed.quantized!.map((q) => q.bits)).toEqual([8, 2]);
    for (const fold of probed.perFold) {
      expect(fold.quantized!.map((q) => q.bits)).toEqual([8, 2]);
      // 8-bit codes keep the float model's answers on this small set; 2 bits (4 levels) may not.
      expect(Math.abs(fold.quantized![0]!.accuracy - fold.accuracy)).toBeLessThanOrEqual(
        1 / fold.validationRows + 1e-9,
      );
    }
    expect(probed.quantized![1]!.accuracy).toEqual(spread(probed.perFold.map((f) => f.quantized![1]!.accuracy)));
  });
});

describe('spread', () => {
  it('is the mean and the sample standard deviation', () => {
    expect(spread([1, 2, 3, 4])).toEqual({ mean: 2.5, std: Math.sqrt(5 / 3) });
    expect(spread([0.5])).toEqual({ mean: 0.5, std: 0 });
  });
});

describe('readGrid', () => {
  const grid = (entries: unknown) => {
    const path = join(dir, `grid-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(entries));
    return path;
  };

  it('applies each entry on top of the command line, through the same flag parsers', () => {
    const configs = readGrid(
      grid([{}, { label: 'wide', embeddingDim: 64, charNgrams: null }, { wordNgrams: [1, 3], lrSchedule: 'cosine' }]),
      FIXTURE_FLAGS,
    );
    expect(configs.map((c) => c.name)).toEqual(['defaults', 'wide', 'wordNgrams=1-3 lrSchedule=cosine']);
    expect(configs[0]!.options).toMatchObject({ embeddingDim: 16, charNgrams: [2, 5], learningRate: 0.05 });
    expect(configs[1]!.options).toMatchObject({ embeddingDim: 64, charNgrams: null, learningRate: 0.05 });
    expect(configs[2]!.options).toMatchObject({ wordNgrams: [1, 3], lrSchedule: 'cosine' });
  });

  it.each([
    ['a missing file', () => join(dir, 'none.json'), /^grid file not found/],
    [
      'bad JSON',
      () => {
        const p = join(dir, 'bad.json');
        writeFileSync(p, '[{');
        return p;
      },
      /not valid JSON/,
    ],
    ['an empty array', () => grid([]), /expected a non-empty JSON array/],
    [
      'an unknown setting',
      () => grid([{}, { embedingDim: 3 }]),
      /configuration 2: unknown modelling setting "embedingDim"/,
    ],
    ['a data setting', () => grid([{ out: 'x' }]), /configuration 1: unknown modelling setting "out"/],
    [
      'a value the flag refuses',
      () => grid([{ dropout: 2 }]),
      /configuration 1: option '--dropout <x>' argument '2' is invalid/,
    ],
    ['a choice the flag refuses', () => grid([{ lrSchedule: 'step' }]), /configuration 1: .*'step' is invalid/],
  ])('refuses %s', (_, path, message) => {
    expect(() => readGrid(path(), FIXTURE_FLAGS)).toThrow(message);
  });
});

describe('train --cv and --grid as child processes', () => {
  it('--cv prints each fold and mean ± std, and writes no bundle', async () => {
    const out = join(dir, 'cv-out');
    const { stdout } = await run(TSX, ['scripts/train.ts', ...FIXTURE_FLAGS, '--out', out, '--cv', '3'], { cwd: ROOT });
    expect(stdout).toContain('cross-validation: 3 stratified folds of 80 rows (4 labels), seed 42');
    expect(
      stdout.match(
        /^fold \d\/3: train \d+ \(\+\d+ to stop on\), validation \d+, accuracy [\d.]+, macro-F1 [\d.]+ \([\d.]+ s\)$/gm,
      ),
    ).toHaveLength(3);
    expect(stdout).toMatch(/^mean ± std over 3 folds: accuracy [\d.]+ ± [\d.]+, macro-F1 [\d.]+ ± [\d.]+/m);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('--grid prints one row per configuration, best first', async () => {
    const path = join(dir, 'cli-grid.json');
    writeFileSync(path, JSON.stringify([{ label: 'one epoch', epochs: 1, learningRate: 0.001 }, {}]));
    const { stdout } = await run(TSX, ['scripts/train.ts', ...FIXTURE_FLAGS, '--cv', '2', '--grid', path], {
      cwd: ROOT,
    });
    const table = stdout.slice(stdout.indexOf('2-fold cross-validation, best first'));
    const rows = table.split('\n').filter((line) => /^\d\.\d{4} ± /.test(line));
    expect(rows.map((r) => r.split(' | ')[3])).toEqual(['defaults', 'one epoch']);
    const accuracies = rows.map((r) => Number(r.slice(0, 6)));
    expect(accuracies[0]).toBeGreaterThan(accuracies[1]!);
  }, 60_000);

  it('--cv-out keeps the figures, and --cv-from records them in the manifest only for the same settings', async () => {
    const record = join(dir, 'cv.json');
    await run(TSX, ['scripts/train.ts', ...FIXTURE_FLAGS, '--cv', '2', '--cv-out', record], { cwd: ROOT });
    const saved = JSON.parse(readFileSync(record, 'utf8'));
    expect(saved).toMatchObject({
      data: { name: 'intents.csv', rows: 80 },
      settings: { embeddingDim: 16, epochs: 6 },
      crossValidation: { folds: 2, seed: 42, n: 80 },
    });

    const out = join(dir, 'cv-bundle');
    await run(TSX, ['scripts/train.ts', ...FIXTURE_FLAGS, '--out', out, '--cv-from', record], { cwd: ROOT });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const { folds, seed, n, accuracy, macroF1 } = saved.crossValidation;
    expect(manifest.metrics.crossValidation).toEqual({ folds, seed, n, accuracy, macroF1 });
    expect(manifest.training.settings).not.toHaveProperty('cvFrom');

    const other = join(dir, 'cv-other');
    const failure = await run(
      TSX,
      ['scripts/train.ts', ...FIXTURE_FLAGS, '--epochs', '7', '--out', other, '--cv-from', record],
      { cwd: ROOT },
    ).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      `error: ${record}: no cross-validation of these settings on intents.csv (80 rows); run --cv with the same settings first`,
    );
    expect(existsSync(other)).toBe(false);
  }, 60_000);

  it('--cv records the out-of-scope weight and clusters a training run would use, and refuses a weight without --oos-label', async () => {
    const record = join(dir, 'cv-oos.json');
    await run(TSX, ['scripts/train.ts', ...FIXTURE_FLAGS, '--cv', '2', '--oos-label', 'music', '--cv-out', record], {
      cwd: ROOT,
    });
    expect(JSON.parse(readFileSync(record, 'utf8')).settings).toMatchObject({
      oosLabel: 'music',
      oosWeight: 5,
      oosClusters: ABSTAIN_DEFAULTS.oosClusters,
    });
    const failure = await run(TSX, ['scripts/train.ts', ...FIXTURE_FLAGS, '--cv', '2', '--oos-weight', '3'], {
      cwd: ROOT,
    }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      'error: --oos-weight weighs the rows of --oos-label; give the out-of-scope label too',
    );
  }, 60_000);

  it('a bad grid fails with one line and exit code 1', async () => {
    const path = join(dir, 'bad-grid.json');
    writeFileSync(path, JSON.stringify([{ hiddenUnits: -1 }]));
    const failure = await run(TSX, ['scripts/train.ts', ...FIXTURE_FLAGS, '--grid', path], { cwd: ROOT }).catch(
      (e) => e,
    );
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toMatch(
      /^error: .*bad-grid\.json: configuration 1: option '--hidden-units <n>' argument '-1' is invalid/,
    );
  }, 60_000);
});
