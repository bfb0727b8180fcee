import { fitOptionsFor } from '../../scripts/training/abstention';
import { readTrainingData } from '../../scripts/training/pipeline';
import { stratifiedSplit } from '../../scripts/training/split';
import { fitRun, prepareRun } from '../../scripts/training/training-run';
import { fixtureOptions, fixtureWithOos, tempDir } from '../model/fixture-bundle';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

// Out-of-scope rows of two topics (cooking, sport), enough for clusters in the training split.
const OOS = [
  'recipe for lasagne',
  'how long to boil an egg',
  'recipe for pancakes',
  'how to bake bread at home',
  'best recipe for soup',
  'who won the football match',
  'football scores tonight',
  'when is the next tennis match',
  'who won the tennis final',
  'football league table',
];

describe('fitRun with the out-of-scope label learnt as clusters', () => {
  it('trains more classes than labels, and predicts and watches validation by label', async () => {
    const { rows, labels } = readTrainingData({
      data: fixtureWithOos(dir, OOS),
      textColumn: 'text',
      labelColumn: 'label',
    });
    const options = fixtureOptions({ oosLabel: 'none', oosClusters: 3, epochs: 8 });
    const fit = fitOptionsFor(labels, options);
    expect(fit.splitLabel).toEqual({ index: labels.indexOf('none'), clusters: 3 });
    const split = stratifiedSplit(
      rows.map((r) => r.label),
      0.2,
      options.seed,
    );
    const run = prepareRun(rows, split.train, split.validation, labels, options);
    const fitted = await fitRun(run, labels.length, fit);

    const layers = (fitted.artifacts.modelTopology as any).config.layers as {
      name: string;
      config: { units?: number };
    }[];
    const head = layers.find((l) => l.name === 'labels')!;
    expect(head.config.units).toBeGreaterThan(labels.length);
    expect(layers.at(-1)).toMatchObject({ name: 'label_merge', config: { units: labels.length } });
    // Predictions are labels (the merged classes), never a cluster's class index.
    const predicted = fitted.floatPredictions!;
    expect(predicted).toHaveLength(run.validationRows);
    expect(Math.max(...predicted)).toBeLessThan(labels.length);
    // The last epoch's validation accuracy (fixed epochs: the weights predicted with) is the accuracy by label.
    const byLabel = predicted.filter((p, i) => p === run.validation!.labels[i]).length / predicted.length;
    expect(fitted.history.at(-1)!.valAccuracy).toBeCloseTo(byLabel, 10);
    expect(Number.isFinite(fitted.history.at(-1)!.valLoss)).toBe(true);
  });
});
