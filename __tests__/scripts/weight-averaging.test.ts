import { initTf, tf, tfl } from '../../lib/model/tf/index';
import { parseTrainArgs } from '../../scripts/training/cli-options';
import type { LabelledRow } from '../../scripts/training/csv';
import { fitModel } from '../../scripts/training/fit';
import { buildModel } from '../../scripts/training/model-builder';
import { fitRun, prepareRun, type RunOptions } from '../../scripts/training/training-run';
import { EpochWeightAverager, averagingEpochs } from '../../scripts/training/weight-averaging';
import { fixtureOptions } from '../model/fixture-bundle';

/** Three tiny intents, six rows each, written for this test. */
const ROWS: LabelledRow[] = [
  ...[
    'lost my card',
    'my card is lost',
    'card went missing',
    'cannot find my card',
    'someone stole my card',
    'missing card help',
  ].map((text) => ({ text, label: 'lost_card' })),
  ...[
    'what is my balance',
    'show balance please',
    'balance of my account',
    'how much money do i have',
    'check my balance',
    'account balance now',
  ].map((text) => ({ text, label: 'balance' })),
  ...[
    'change my pin',
    'reset pin code',
    'i forgot my pin',
    'new pin please',
    'how to change pin',
    'pin is blocked',
  ].map((text) => ({ text, label: 'pin' })),
];
const LABELS = ['lost_card', 'balance', 'pin'];

/** The fixture trainer settings, made smaller still for 18 rows. */
const OPTIONS: RunOptions = fixtureOptions({
  epochs: 6,
  seed: 3,
  batchSize: 4,
  embeddingDim: 8,
  maxVocab: 1000,
  charNgrams: [2, 3],
  maxChars: 200,
  maxNgrams: 128,
});

const all = ROWS.map((_, i) => i);
const flat = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

beforeAll(() => initTf('cpu'));

describe('EpochWeightAverager', () => {
  const tinyModel = () => {
    const input = tfl.input({ shape: [2] });
    const output = tfl.layers.dense({ units: 1, useBias: true }).apply(input) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: output });
  };
  const setAll = (model: tfl.LayersModel, value: number) =>
    model.setWeights([tf.fill([2, 1], value), tf.fill([1], value)]);

  it('writes the mean of the last N epochs into the model, ignoring the earlier ones', () => {
    const model = tinyModel();
    const averager = new EpochWeightAverager(model, 5, 3);
    [10, 20, 1, 2, 6].forEach((value, i) => {
      setAll(model, value);
      averager.observe(i + 1);
    });
    expect(averager.snapshots).toBe(3);
    averager.apply();
    expect(flat(model)).toEqual([[3, 3], [3]]);
    model.dispose();
  });

  it('leaves the weights as trained with 0 or 1 epochs, and when a window is longer than the run averages all epochs', () => {
    for (const last of [0, 1]) {
      const model = tinyModel();
      const averager = new EpochWeightAverager(model, 3, last);
      [1, 2, 9].forEach((value, i) => {
        setAll(model, value);
        averager.observe(i + 1);
      });
      averager.apply();
      expect(flat(model)).toEqual([[9, 9], [9]]);
      model.dispose();
    }
    const model = tinyModel();
    const averager = new EpochWeightAverager(model, 2, 10);
    [2, 4].forEach((value, i) => {
      setAll(model, value);
      averager.observe(i + 1);
    });
    averager.apply();
    expect(flat(model)).toEqual([[3, 3], [3]]);
    model.dispose();
  });
});

describe('--average-epochs in training', () => {
  it('is parsed from the command line, 0 by default', () => {
    expect(parseTrainArgs(['--data', 'x.csv']).averageEpochs).toBe(0);
    expect(parseTrainArgs(['--data', 'x.csv', '--average-epochs', '4']).averageEpochs).toBe(4);
    expect(() => parseTrainArgs(['--data', 'x.csv', '--average-epochs', '-1'])).toThrow();
  });

  it('is refused with early stopping, before any training, naming both flags', async () => {
    const run = prepareRun(ROWS, all, all, LABELS, OPTIONS);
    await expect(fitRun(run, 3, { ...OPTIONS, patience: 5, averageEpochs: 3 }, {}, false)).rejects.toThrow(
      /--average-epochs 3 needs --patience 0/,
    );
    await expect(fitRun(run, 3, { ...OPTIONS, patience: 5, averageEpochs: 0 }, {}, false)).resolves.toBeDefined();
  });

  it('gives a member the mean of its epoch-end embedding table and head over the last N epochs of fitModel', () => {
    const run = prepareRun(ROWS, all, [], LABELS, OPTIONS);
    const { model } = buildModel({
      vocabularySize: run.preprocessing.vocabularySize,
      labelCount: 3,
      embeddingDim: 8,
      hiddenUnits: 0,
      dropout: 0,
      members: 1,
      seed: 3,
    });
    const snapshots: number[][][] = [];
    const averaging = averagingEpochs(model, OPTIONS.epochs, 3, { onEpoch: () => snapshots.push(flat(model)) });
    fitModel(model, run.train, undefined, OPTIONS, averaging.callbacks);
    expect(snapshots).toHaveLength(6);
    averaging.finish();
    const expected = snapshots[3]!.map((w, i) =>
      w.map((x, j) => Math.fround(Math.fround(Math.fround(x + snapshots[4]![i]![j]!) + snapshots[5]![i]![j]!) / 3)),
    );
    const averaged = flat(model);
    averaged.forEach((w, i) => w.forEach((x, j) => expect(x).toBeCloseTo(expected[i]![j]!, 6)));
    // The average is not just the last epoch: the weights did move over the last three epochs.
    expect(averaged[0]).not.toEqual(snapshots[5]![0]);
    model.dispose();
  });

  it('changes what fitRun trains (and keeps it a working classifier); 0 trains exactly as before', async () => {
    const run = prepareRun(ROWS, all, all, LABELS, OPTIONS);
    const plain = await fitRun(run, 3, OPTIONS, {}, false);
    const zero = await fitRun(run, 3, { ...OPTIONS, averageEpochs: 0 }, {}, false);
    const averaged = await fitRun(run, 3, { ...OPTIONS, averageEpochs: 3 }, {}, false);
    const bytes = (f: typeof plain) => Buffer.concat([f.artifacts.weightData!].flat().map((b) => Buffer.from(b)));
    expect(bytes(zero).equals(bytes(plain))).toBe(true);
    expect(bytes(averaged).equals(bytes(plain))).toBe(false);
    const correct = Array.from(averaged.floatPredictions!).filter((p, i) => p === run.validation!.labels[i]).length;
    expect(correct).toBeGreaterThanOrEqual(ROWS.length - 1);
  });
});
