import { initTf } from '../../lib/model/tf/index';
import { fitModel, predictProbabilities } from '../../scripts/training/fit';
import { buildModel } from '../../scripts/training/model-builder';
import { readTrainingData } from '../../scripts/training/pipeline';
import { prepareRun } from '../../scripts/training/training-run';
import { fixtureOptions } from '../model/fixture-bundle';

/** The loss weights of `fitModel` (`--oos-weight` sets the out-of-scope label's), on the fixture's four intents. */
describe('per-label loss weights', () => {
  const options = fixtureOptions({ learningRate: 0.005, epochs: 2 });
  const { rows, labels } = readTrainingData(options);
  const all = rows.map((_, i) => i);
  const run = prepareRun(rows, all, [], labels, options);
  const heavy = labels.indexOf('music');

  /** Trains a fresh one-member model with the given weights; returns each step's loss and the mean probabilities. */
  async function train(labelWeights?: Float32Array) {
    await initTf('cpu');
    const { model, members } = buildModel({
      ...options,
      vocabularySize: run.preprocessing.vocabularySize,
      labelCount: labels.length,
    });
    try {
      const losses: number[] = [];
      fitModel(
        members[0]!,
        run.train,
        undefined,
        { ...options, labelWeights },
        { onStep: (_e, _s, _n, loss) => losses.push(loss) },
      );
      const probs = predictProbabilities(members, run.train.features);
      const meanOf = (label: number) => all.reduce((sum, r) => sum + probs[r * labels.length + label]!, 0) / all.length;
      return { losses, meanOf };
    } finally {
      model.dispose();
    }
  }

  it('scales each row of the loss by its label weight (the first step, before any update, shows it exactly)', async () => {
    const plain = await train();
    const doubled = await train(new Float32Array(labels.length).fill(2));
    expect(doubled.losses[0]).toBeCloseTo(2 * plain.losses[0]!, 5);
  });

  it('a heavier label is predicted more: the model learns that missing it costs more', async () => {
    const plain = await train();
    const weights = new Float32Array(labels.length).fill(1);
    weights[heavy] = 10;
    const weighted = await train(weights);
    expect(weighted.meanOf(heavy)).toBeGreaterThan(plain.meanOf(heavy) + 0.05);
    for (const other of labels.keys())
      if (other !== heavy) expect(weighted.meanOf(other)).toBeLessThan(plain.meanOf(other));
  });
});
