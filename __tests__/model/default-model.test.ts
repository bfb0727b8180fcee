import { loadClassifier } from '../../lib/model/load-classifier';
import { resolveModelDir } from '../../lib/model/bundle/model-dir';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import { MEASURED_BEFORE_REFIT } from '../../lib/model/bundle/manifest';
import { trainerManifest } from '../../lib/model/bundle/served-manifest';
import { MODEL_DEFAULTS } from '../../scripts/training/defaults';

describe('the committed default model', () => {
  const modelDir = resolveModelDir(__dirname, {});

  it('is served without tfjs: a backend option is not even looked at', async () => {
    // The fast path is plain JavaScript; only the generic layers runtime loads tfjs (and would refuse an unloaded wasm).
    const classifier = await loadClassifier(modelDir, { backend: 'wasm' });
    expect(classifier.classify(['my card has not arrived'], 1)[0]!.label).toBe('card_arrival');
    classifier.dispose();
  });

  it('is an intact bundle within the size budget, with its validation metrics and data citation', () => {
    const check = verifyBundle(modelDir);
    if (!check.ok) throw new Error(check.reason);
    const manifest = trainerManifest(check.manifest);
    expect(manifest.labels).toHaveLength(77);
    const weightBytes = manifest.files.filter((f) => f.path.endsWith('.bin')).reduce((s, f) => s + f.bytes, 0);
    expect(weightBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(manifest.metrics.validation.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(manifest.metrics.validation.n).toBeGreaterThan(900);
    expect(manifest.training.data.citation).toContain('arXiv:2003.04807');
    expect(manifest.training.data.licence).toBe('CC BY 4.0');
  });

  it('was refit on every row after its choices were made on the held-out split (scripts/training/default-model.sh)', () => {
    const check = verifyBundle(modelDir);
    if (!check.ok) throw new Error(check.reason);
    const { metrics, training } = trainerManifest(check.manifest);
    expect(metrics.validation.measuredOn).toBe(MEASURED_BEFORE_REFIT);
    expect(training.refit?.rows).toBe(training.data.rows - training.data.skippedRows);
    expect(training.refit?.heldOutRun.validationRows).toBe(metrics.validation.n);
  });

  it("was trained with the trainer's defaults of its time, and records their cross-validation on every row", () => {
    const check = verifyBundle(modelDir);
    if (!check.ok) throw new Error(check.reason);
    const { metrics, training } = trainerManifest(check.manifest);
    // It predates early stopping (issue 22: 12 fixed epochs per member, then the default, and no patience) and weight
    // averaging (issue 23, off by default, so not recorded then).
    const { patience: _patience, averageEpochs: _averageEpochs, ...defaultsOfItsTime } = { ...MODEL_DEFAULTS, epochs: 12 };
    expect(training.settings).toMatchObject(JSON.parse(JSON.stringify(defaultsOfItsTime)));
    expect(training.settings).not.toHaveProperty('patience');
    expect(training.settings).not.toHaveProperty('averageEpochs');
    expect(metrics.crossValidation).toMatchObject({ seed: MODEL_DEFAULTS.seed, n: training.data.rows - training.data.skippedRows });
    expect(metrics.crossValidation!.folds).toBeGreaterThanOrEqual(3);
    expect(metrics.crossValidation!.accuracy.mean).toBeGreaterThan(0.85);
    expect(metrics.crossValidation!.accuracy.std).toBeGreaterThan(0);
  });

  it('classifies obvious Banking77 requests', async () => {
    const classifier = await loadClassifier(modelDir);
    const labels = classifier
      .classify(['My card has still not arrived', 'Can I use Apple Pay?', 'I want to close my account', 'How do I top up by bank transfer?'], 1)
      .map((p) => p.label);
    expect(labels).toEqual(['card_arrival', 'apple_pay_or_google_pay', 'terminate_account', expect.stringMatching(/top_up|transfer/)]);
    classifier.dispose();
  });
});
