import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABSTAIN_DEFAULTS, classifyWithAbstention } from '../../lib/model/abstain';
import { labelWeightsFor } from '../../scripts/training/abstention';
import { MEASURED_BEFORE_REFIT } from '../../lib/model/bundle/manifest';
import { loadClassifier } from '../../lib/model/load-classifier';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import { fixtureOptions, fixtureWithOos as withOos, tempDir, trainFixtureBundle } from '../model/fixture-bundle';
import { trainBundle } from '../../scripts/training/pipeline';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** The fixture plus out-of-scope rows labelled `none`. */
const fixtureWithOos = () => withOos(dir);

describe('trainer abstention calibration', () => {
  it('calibrates on held-out in-scope rows for --max-reject and records the figures', async () => {
    const { modelDir, result } = await trainFixtureBundle(join(dir, 'plain'), { maxReject: 0.25 });
    const abstain = result.manifest.abstain!;
    expect(abstain).toMatchObject({
      label: 'out_of_scope',
      measured: { inScopeRows: 16, oosRows: 0, maxReject: 0.25 },
    });
    expect(['max-probability', 'margin']).toContain(abstain.method);
    // 16 held-out rows, a quarter may go: the threshold sits between the 4th and 5th lowest score, so it rejects <= 4.
    expect(abstain.measured.inScopeRejectRate).toBeGreaterThan(0);
    expect(abstain.measured.inScopeRejectRate).toBeLessThanOrEqual(0.25);
    expect(abstain.threshold).toBeGreaterThan(0);
    expect(abstain.measured.byMethod[abstain.method]!.threshold).toBe(abstain.threshold);
    const check = verifyBundle(modelDir);
    expect(check.ok && check.info.abstain).toEqual({
      method: abstain.method,
      threshold: abstain.threshold,
      label: 'out_of_scope',
    });
  });

  it('with --oos-label, learns those rows as a class whose answer abstains, calibrates on the held-out ones and answers their label', async () => {
    const { modelDir, result } = await trainFixtureBundle(join(dir, 'oos'), {
      data: fixtureWithOos(),
      oosLabel: 'none',
      maxReject: 0.25,
      refit: true,
    });
    const { labels, abstain, training } = result.manifest;
    expect(labels).toEqual(['billing', 'greeting', 'music', 'none', 'weather']);
    expect(training.data.rows).toBe(85);
    // 20% of each label is held out (16 in-scope rows and 1 of the 5 out-of-scope ones), and by default the training
    // split's 64 and 4 are predicted by calibration folds too.
    expect(abstain).toMatchObject({
      label: 'none',
      measured: { inScopeRows: 80, oosRows: 5, maxReject: 0.25, measuredOn: MEASURED_BEFORE_REFIT },
    });
    expect(abstain!.measured.oosRecall).toEqual(expect.any(Number));
    // With an out-of-scope class, the score is the best label against that class (see calibratedMethods).
    expect(abstain!.method).toBe('best-vs-fallback');
    expect(Object.keys(abstain!.measured.byMethod)).toEqual(['best-vs-fallback']);
    expect(training.settings).toMatchObject({
      oosLabel: 'none',
      maxReject: 0.25,
      oosWeight: ABSTAIN_DEFAULTS.oosWeight,
      oosClusters: ABSTAIN_DEFAULTS.oosClusters,
      calibrationFolds: ABSTAIN_DEFAULTS.calibrationFolds,
    });
    // The shipped model answers its out-of-scope class for a text like the out-of-scope rows, and that is abstaining.
    const classifier = await loadClassifier(modelDir);
    try {
      const [answer] = classifyWithAbstention(classifier, ['recipe for lasagne'], 1, {
        ...classifier.info.abstain!,
        threshold: 0,
      });
      expect(answer).toMatchObject({ label: 'none', abstained: true, top: [{ label: 'none' }] });
    } finally {
      classifier.dispose();
    }
  });

  it('records the out-of-scope weight it trained with, and makes the loss weights from it', async () => {
    expect(labelWeightsFor(['a', 'none', 'b'], { oosLabel: 'none', oosWeight: 3 })).toEqual(
      Float32Array.from([1, 3, 1]),
    );
    expect(labelWeightsFor(['a', 'none'], { oosLabel: 'none' })).toEqual(
      Float32Array.from([1, ABSTAIN_DEFAULTS.oosWeight]),
    );
    expect(labelWeightsFor(['a', 'none'], {})).toBeUndefined();
    const { result } = await trainFixtureBundle(join(dir, 'weight-3'), {
      data: fixtureWithOos(),
      oosLabel: 'none',
      oosWeight: 3,
    });
    expect(result.manifest.training.settings).toMatchObject({ oosLabel: 'none', oosWeight: 3 });
    const plain = await trainFixtureBundle(join(dir, 'no-oos'), {});
    expect(plain.result.manifest.training.settings).not.toHaveProperty('oosWeight');
    // Without an out-of-scope class, the score against it is 1 for every row: calibration does not offer it.
    expect(plain.result.manifest.abstain!.measured.byMethod).not.toHaveProperty('best-vs-fallback');
  });

  it('learns the out-of-scope rows as clusters and serves them as the one label; --oos-clusters 1 learns one class', async () => {
    const layersOf = (modelDir: string) =>
      new Map<string, { config: Record<string, unknown> }>(
        JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')).modelTopology.config.layers.map(
          (l: { name: string }) => [l.name, l],
        ),
      );
    const { modelDir, result } = await trainFixtureBundle(join(dir, 'clusters'), {
      data: fixtureWithOos(),
      oosLabel: 'none',
      oosClusters: 3,
    });
    expect(result.manifest.labels).toEqual(['billing', 'greeting', 'music', 'none', 'weather']);
    expect(result.manifest.training.settings).toMatchObject({ oosLabel: 'none', oosClusters: 3 });
    const layers = layersOf(modelDir);
    // The head learns the 4 intents and up to 3 clusters of the 4 training rows of "none"; a fixed layer sums them.
    expect(layers.get('labels')!.config.units).toBeGreaterThan(5);
    expect(layers.get('labels')!.config.units).toBeLessThanOrEqual(7);
    expect(layers.get('label_merge')!.config).toMatchObject({
      units: 5,
      use_bias: false,
      activation: 'linear',
      trainable: false,
    });
    // The manifest says how many classes "none" became: the head's units beyond the other four labels.
    expect(result.manifest.training.settings.oosClasses).toBe((layers.get('labels')!.config.units as number) - 4);
    const classifier = await loadClassifier(modelDir);
    try {
      const [prediction] = classifier.classify(['recipe for lasagne'], 5);
      expect(prediction!.label).toBe('none');
      expect(prediction!.top.map((s) => s.label).sort()).toEqual(result.manifest.labels);
      expect(prediction!.top.reduce((sum, s) => sum + s.score, 0)).toBeCloseTo(1, 5);
    } finally {
      classifier.dispose();
    }
    const one = await trainFixtureBundle(join(dir, 'one-cluster'), {
      data: fixtureWithOos(),
      oosLabel: 'none',
      oosClusters: 1,
    });
    expect(layersOf(one.modelDir).has('label_merge')).toBe(false);
    expect(layersOf(one.modelDir).get('labels')!.config.units).toBe(5);
    expect(one.result.manifest.training.settings).toMatchObject({ oosClusters: 1 });
    expect(one.result.manifest.training.settings).not.toHaveProperty('oosClasses');
  });

  it('with --calibration-folds, also calibrates on every training row, each predicted by a fold model, and ships the same model', async () => {
    const phases: { phase: string; fold?: number; of?: number; train: number; memberEpochs?: number[] }[] = [];
    const options = fixtureOptions({ data: fixtureWithOos(), oosLabel: 'none', maxReject: 0.1 });
    const folds = await trainBundle(
      { ...options, out: join(dir, 'folds', 'bundle'), calibrationFolds: 4 },
      { onPhase: (phase, info) => phases.push({ phase, ...info }) },
    );
    const plain = await trainBundle({ ...options, out: join(dir, 'no-folds', 'bundle'), calibrationFolds: 0 });
    // 16 in-scope and 1 out-of-scope validation rows, plus the training split's 64 and 4, each predicted once.
    expect(folds.manifest.abstain!.measured).toMatchObject({
      inScopeRows: 80,
      oosRows: 5,
      maxReject: 0.1,
      outOfFoldRows: 68,
    });
    expect(plain.manifest.abstain!.measured).toMatchObject({ inScopeRows: 16, oosRows: 1 });
    expect(plain.manifest.abstain!.measured).not.toHaveProperty('outOfFoldRows');
    // 80 rows allow 8 rejections where 16 allowed 1: the threshold is read from many more rows.
    expect(folds.manifest.abstain!.measured.inScopeRejectRate).toBeLessThanOrEqual(0.1);
    expect(folds.manifest.training.settings).toMatchObject({ calibrationFolds: 4 });
    // Four fold trainings after the held-out run, on three quarters of the 68 training rows each, for the epochs it ran.
    expect(phases.map((p) => `${p.phase}${p.fold ?? ''}/${p.of ?? ''}`)).toEqual([
      'held-out/',
      'calibration1/4',
      'calibration2/4',
      'calibration3/4',
      'calibration4/4',
    ]);
    expect(phases.slice(1).reduce((sum, p) => sum + p.train, 0)).toBe(3 * 68);
    expect(phases[1]!.memberEpochs).toEqual(folds.members.map((m) => m.bestEpoch));
    // The folds only move the threshold: the written model is the held-out run's, byte for byte.
    const file = (bundle: string, name: string) => readFileSync(join(dir, bundle, 'bundle', name));
    for (const name of ['weights.bin', 'model.json', 'vocab.json'])
      expect(file('folds', name).equals(file('no-folds', name))).toBe(true);
  });

  it('calibration folds cope with labels of one training row and folds that train without out-of-scope rows', async () => {
    // Two rows a label: one held out, one to train on. Two out-of-scope rows: one held out, so every fold model but
    // one trains without the label, and one fold model has never seen the label it predicts.
    const path = join(dir, 'two-a-label.csv');
    writeFileSync(
      path,
      'text,label\nhello there,greeting\nhi friend,greeting\nweather today,weather\nis it raining,weather\n' +
        'pay my bill,billing\nbilling question,billing\nrecipe for lasagne,none\nwho won the football,none\n',
    );
    const { result } = await trainFixtureBundle(join(dir, 'two-a-label'), {
      data: path,
      oosLabel: 'none',
      valFraction: 0.5,
      calibrationFolds: 4,
    });
    // Every row predicted once: 4 held out, and the 4 training rows by the 4 fold models.
    expect(result.manifest.abstain!.measured).toMatchObject({ inScopeRows: 6, oosRows: 2 });
  });

  it('refuses --calibration-folds without a held-out run, 1 fold, and more folds than training rows, writing nothing', async () => {
    await expect(trainFixtureBundle(join(dir, 'folds-noval'), { calibrationFolds: 3, valFraction: 0 })).rejects.toThrow(
      '--calibration-folds trains each member for the epochs a held-out run kept; use --val-fraction above 0',
    );
    await expect(trainFixtureBundle(join(dir, 'folds-one'), { calibrationFolds: 1 })).rejects.toThrow(
      '--calibration-folds 1 leaves no rows to train a fold model on; use 2 or more, or 0 for none',
    );
    expect(verifyBundle(join(dir, 'folds-noval', 'bundle')).ok).toBe(false);
    await expect(trainFixtureBundle(join(dir, 'folds-many'), { calibrationFolds: 100 })).rejects.toThrow(
      '--calibration-folds 100 needs at least 100 training rows; the training split has 64',
    );
    expect(verifyBundle(join(dir, 'folds-one', 'bundle')).ok).toBe(false);
    expect(verifyBundle(join(dir, 'folds-many', 'bundle')).ok).toBe(false);
  });

  it('calibrates on the validation split alone without out-of-scope rows, unless asked for folds', async () => {
    const { result } = await trainFixtureBundle(join(dir, 'folds-default-off'), {});
    expect(result.manifest.abstain!.measured.inScopeRows).toBe(16);
    expect(result.manifest.training.settings).not.toHaveProperty('calibrationFolds');
    const asked = await trainFixtureBundle(join(dir, 'folds-asked'), { calibrationFolds: 2 });
    expect(asked.result.manifest.abstain!.measured.inScopeRows).toBe(80);
  });

  it('refuses --oos-clusters without --oos-label, writing nothing', async () => {
    await expect(trainFixtureBundle(join(dir, 'clusters-alone'), { oosClusters: 3 })).rejects.toThrow(
      '--oos-clusters splits the rows of --oos-label; give the out-of-scope label too',
    );
    expect(verifyBundle(join(dir, 'clusters-alone', 'bundle')).ok).toBe(false);
  });

  it('refuses --oos-weight without --oos-label, writing nothing', async () => {
    await expect(trainFixtureBundle(join(dir, 'weight-alone'), { oosWeight: 5 })).rejects.toThrow(
      '--oos-weight weighs the rows of --oos-label; give the out-of-scope label too',
    );
    expect(verifyBundle(join(dir, 'weight-alone', 'bundle')).ok).toBe(false);
  });

  it('refuses an --oos-label no row has, and one without a held-out run, writing nothing', async () => {
    await expect(trainFixtureBundle(join(dir, 'typo'), { oosLabel: 'nonee' })).rejects.toThrow(
      '--oos-label nonee: no row has that label',
    );
    await expect(
      trainFixtureBundle(join(dir, 'noval'), { data: fixtureWithOos(), oosLabel: 'none', valFraction: 0 }),
    ).rejects.toThrow('--oos-label calibrates abstention on a held-out run');
    expect(verifyBundle(join(dir, 'typo', 'bundle')).ok).toBe(false);
  });
});
