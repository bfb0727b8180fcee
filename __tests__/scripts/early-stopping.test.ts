import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleManifest } from '../../lib/model/bundle/manifest';
import { parseTrainArgs } from '../../scripts/training/cli-options';
import { MODEL_DEFAULTS } from '../../scripts/training/defaults';
import { initTf } from '../../lib/model/tf/index';
import { fitModel, predictProbabilities } from '../../scripts/training/fit';
import { buildModel } from '../../scripts/training/model-builder';
import { readTrainingData, trainBundle, type TrainResult } from '../../scripts/training/pipeline';
import { stratifiedSplit } from '../../scripts/training/split';
import { crossValidate } from '../../scripts/training/cross-validate';
import { fitRun, prepareRun } from '../../scripts/training/training-run';
import { tempDir } from '../model/fixture-bundle';

/**
 * 90 rows, 3 intents (27 plain rows each, and 9 that mention two intents, labelled with one): the size of a first try.
 * Under the old default of 12 epochs its words-only member was far from converged (validation loss 0.9).
 */
const SMALL_CSV = join(__dirname, '..', 'fixtures', 'model', 'small-90.csv');

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

let dir: string;
let cleanup: () => void;
let refit: TrainResult;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir('atlas-early-stop-'));
  // The trainer's own defaults, as `npm run train -- --data small-90.csv --refit` runs them.
  refit = await trainBundle(parseTrainArgs(['--data', SMALL_CSV, '--out', join(dir, 'refit'), '--refit']));
}, 120_000);
afterAll(() => cleanup());

describe('early stopping on validation loss, with the default settings on 90 rows', () => {
  it('stops a member whose validation loss stopped improving before the maximum, keeping its best epoch', () => {
    const { members } = refit;
    expect(members).toHaveLength(MODEL_DEFAULTS.members);
    for (const m of members) {
      expect(m.bestEpoch).toBeLessThanOrEqual(m.epochsRun);
      expect(m.epochsRun).toBeLessThanOrEqual(MODEL_DEFAULTS.epochs);
      // Stopped early means: exactly `patience` epochs after its best.
      if (m.epochsRun < MODEL_DEFAULTS.epochs) expect(m.epochsRun).toBe(m.bestEpoch + MODEL_DEFAULTS.patience);
    }
    const stopped = members.filter((m) => m.epochsRun < MODEL_DEFAULTS.epochs);
    expect(stopped.length).toBeGreaterThanOrEqual(1);
    // ... and well past the old fixed 12 epochs: the members did need more.
    for (const m of members) expect(m.bestEpoch).toBeGreaterThan(12);
  });

  it('reports the kept epoch of the last member (its history is the one returned) as its lowest validation loss', () => {
    const last = refit.members.at(-1)!;
    const lowest = Math.min(...refit.history.map((e) => e.valLoss));
    expect(refit.history).toHaveLength(last.epochsRun);
    expect(last.valLoss).toBe(lowest);
    expect(refit.history[last.bestEpoch - 1]!.valLoss).toBe(lowest);
  });

  it("puts a stopped member's weights back to its best epoch", async () => {
    await initTf('cpu');
    const options = parseTrainArgs(['--data', SMALL_CSV, '--members', '1', '--views', 'all']);
    const { rows, labels } = readTrainingData(options);
    const split = stratifiedSplit(
      rows.map((r) => r.label),
      options.valFraction,
      options.seed,
    );
    const run = prepareRun(rows, split.train, split.validation, labels, options);
    const { model, members } = buildModel({
      ...options,
      vocabularySize: run.preprocessing.vocabularySize,
      labelCount: labels.length,
    });
    try {
      const fit = fitModel(members[0]!, run.train, run.validation, options, {});
      expect(fit.epochsRun).toBe(fit.bestEpoch + options.patience);
      expect(fit.history.at(-1)!.valLoss).not.toBeCloseTo(fit.valLoss, 3);
      // Measured again on the model as fitModel left it: the best epoch's loss, not the last epoch's.
      const probs = predictProbabilities(members, run.validation!.features);
      const loss = -mean(Array.from(run.validation!.labels, (label, r) => Math.log(probs[r * labels.length + label]!)));
      expect(loss).toBeCloseTo(fit.valLoss, 5);
    } finally {
      model.dispose();
    }
  });

  it('brings every member to high validation accuracy and a far lower loss than 12 fixed epochs did', async () => {
    const fixed = await trainBundle(
      parseTrainArgs(['--data', SMALL_CSV, '--out', join(dir, 'fixed-12'), '--epochs', '12', '--patience', '0']),
    );
    expect(fixed.members.map((m) => m.epochsRun)).toEqual([12, 12, 12]);
    for (const [i, m] of refit.members.entries()) {
      expect(m.valAccuracy).toBeGreaterThanOrEqual(8 / 9);
      expect(m.valLoss).toBeLessThan(fixed.members[i]!.valLoss);
    }
    // The words-only member is the slow one: at 12 epochs its predictions were still close to uniform.
    expect(fixed.members[1]!.valLoss).toBeGreaterThan(0.5);
    expect(refit.members[1]!.valLoss).toBeLessThan(0.2);
  }, 60_000);

  it('refits each member on all rows for the epochs its held-out run kept, and records both in the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'refit', 'manifest.json'), 'utf8')) as BundleManifest;
    const bestEpochs = refit.members.map((m) => m.bestEpoch);
    expect(manifest.training.settings).toMatchObject({
      epochs: MODEL_DEFAULTS.epochs,
      patience: MODEL_DEFAULTS.patience,
      epochsRun: refit.members.map((m) => m.epochsRun),
      bestEpochs,
    });
    // The refit has no validation rows to stop on: its last member trained exactly its kept epoch count.
    expect(refit.refitHistory).toHaveLength(bestEpochs.at(-1)!);
    expect(refit.refitHistory!.every((e) => Number.isNaN(e.valLoss))).toBe(true);
  });

  it('is deterministic with the seed', async () => {
    // The held-out run is the same with or without --refit (the refit comes after it).
    const again = await trainBundle(parseTrainArgs(['--data', SMALL_CSV, '--out', join(dir, 'again')]));
    expect(again.members).toEqual(refit.members);
    expect(again.history).toEqual(refit.history);
    expect({ ...again.manifest.metrics.validation, measuredOn: undefined }).toEqual({
      ...refit.manifest.metrics.validation,
      measuredOn: undefined,
    });
  }, 120_000);

  it('trains every epoch without validation rows to stop on', async () => {
    const all = await trainBundle(
      parseTrainArgs([
        '--data',
        SMALL_CSV,
        '--out',
        join(dir, 'no-val'),
        '--val-fraction',
        '0',
        '--epochs',
        '8',
        '--members',
        '1',
      ]),
    );
    expect(all.members).toEqual([{ epochsRun: 8, bestEpoch: 8, valLoss: NaN, valAccuracy: NaN }]);
    expect(all.manifest.training.settings).toMatchObject({ epochsRun: [8], bestEpochs: [8] });
  }, 60_000);
});

describe('early stopping in cross-validation', () => {
  const options = parseTrainArgs(['--data', SMALL_CSV, '--members', '1', '--views', 'all']);
  const { rows, labels } = readTrainingData(options);
  const labelsOf = (indices: number[]) => indices.map((i) => rows[i]!.label);

  it('stops on the rows a run sets aside for it, not on the rows it is measured on', async () => {
    const first = stratifiedSplit(labelsOf(rows.map((_, i) => i)), 0.3, 1);
    const second = stratifiedSplit(labelsOf(first.validation), 0.5, 1);
    const [measured, stopping] = [second.train, second.validation].map((ix) => ix.map((j) => first.validation[j]!));
    const separate = await fitRun(
      prepareRun(rows, first.train, measured!, labels, options, stopping),
      labels.length,
      options,
      {},
      false,
    );
    const stoppingAsValidation = await fitRun(
      prepareRun(rows, first.train, stopping!, labels, options),
      labels.length,
      options,
      {},
      false,
    );
    expect(separate.members).toEqual(stoppingAsValidation.members);
    expect(separate.members[0]!.epochsRun).toBeLessThan(options.epochs);
    expect(separate.floatPredictions).toHaveLength(measured!.length);
  }, 60_000);

  it("sets aside a tenth of each fold's training rows to stop on, and never the fold it measures", async () => {
    const cv = await crossValidate(rows, labels, options, 3);
    for (const fold of cv.perFold) {
      expect(fold.stoppingRows).toBeGreaterThanOrEqual(Math.floor(0.1 * (fold.trainRows + fold.stoppingRows)));
      expect(fold.trainRows + fold.stoppingRows + fold.validationRows).toBe(rows.length);
    }
    const fixed = await crossValidate(rows, labels, { ...options, patience: 0, epochs: 5 }, 3);
    expect(fixed.perFold.map((f) => f.stoppingRows)).toEqual([0, 0, 0]);
  }, 120_000);

  it('keeps a label with one row in the other folds for training instead of failing', async () => {
    // 'rare' has 2 rows: with 2 folds each fold's training rows hold one, which cannot also be stopped on.
    const few = [
      ...['card arrived', 'card late', 'card lost', 'card broken'].map((text) => ({ text, label: 'card' })),
      ...['refund please', 'refund my money'].map((text) => ({ text, label: 'rare' })),
    ];
    const cv = await crossValidate(few, ['card', 'rare'], { ...options, epochs: 3, minDf: 1 }, 2);
    expect(cv.perFold.map((f) => f.trainRows + f.stoppingRows + f.validationRows)).toEqual([6, 6]);
    expect(cv.perFold.every((f) => f.stoppingRows >= 1)).toBe(true);
  }, 60_000);

  it("weighs the out-of-scope label's rows by oosWeight, as a training run does", async () => {
    const losses = async (oosWeight: number) => {
      const seen: number[] = [];
      await crossValidate(rows, labels, { ...options, patience: 0, epochs: 1, oosLabel: labels[0]!, oosWeight }, 2, {
        onStep: (_epoch, _step, _steps, loss) => seen.push(loss),
      });
      return seen;
    };
    const [light, heavy] = [await losses(1), await losses(50)];
    expect(heavy).toHaveLength(light.length);
    expect(heavy.some((loss, i) => loss > light[i]! * 1.5)).toBe(true);
  }, 60_000);
});
