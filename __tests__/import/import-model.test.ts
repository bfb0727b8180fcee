import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsModelHandler, diskReader } from '../../lib/model/bundle/fs-io-handler';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import type { ImportedBundleManifest } from '../../lib/model/bundle/served-manifest';
import { loadClassifier } from '../../lib/model/load-classifier';
import { tf, tfl } from '../../lib/model/tf/index';
import { deriveModelFiles } from '../../scripts/derive-model-files';
import { fasterBackend } from '../../scripts/import/backend-choice';
import { importModel } from '../../scripts/import/import-model';
import { tempDir } from '../model/fixture-bundle';
import { editedModel, exampleOptions, LSTM, MLP } from './support/examples';
import { toKeras3BatchShape, toKeras3DtypePolicy, toKeras3InboundNodes, toKeras3WeightNames } from './support/keras3';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('atlas-import-')));
afterAll(() => cleanup());

const quiet = () => jest.spyOn(console, 'warn').mockImplementation(() => undefined);

/** model.predict of the original converted model on the given inputs: the reference. */
async function predictOriginal(modelDir: string, values: number[][], dtype: 'int32' | 'float32'): Promise<number[][]> {
  const model = await tfl.loadLayersModel(fsModelHandler('model.json', diskReader(modelDir)));
  try {
    return tf.tidy(() => model.predict(tf.tensor2d(values, undefined, dtype)) as tf.Tensor).arraySync() as number[][];
  } finally {
    model.dispose();
  }
}

const WORD_INDEX: Record<string, number> = JSON.parse(readFileSync(join(LSTM, 'word_index.json'), 'utf8'));
/** Post-padded ids for texts of plain lower-case words, looked up by hand (unknown -> OOV id 1). */
const handIds = (text: string) => {
  const ids = text.split(' ').map((w) => WORD_INDEX[w] ?? 1);
  return [...ids, ...new Array(12 - ids.length).fill(0)];
};
const REVIEWS = ['great product works perfectly', 'terrible quality do not buy', 'zzz unknown words only', 'good'];

describe('npm run import-model on the examples', () => {
  it("imports the LSTM sequence model: the served scores are tfjs-layers' for the same ids (sigmoid: second label p)", async () => {
    const out = join(dir, 'lstm');
    const summary = await importModel({ ...exampleOptions(LSTM, out), name: 'review-lstm' });
    expect(summary.manifest).toMatchObject({
      name: 'review-lstm',
      input: { kind: 'sequence', maxLen: 12, maxId: 64, oovToken: '<OOV>' },
      output: { kind: 'sigmoid' },
    });
    expect(summary.manifest.import.kerasFixes).toEqual([]);
    expect(verifyBundle(out)).toMatchObject({ ok: true, info: { input: { kind: 'sequence' } } });

    const expected = await predictOriginal(join(LSTM, 'model'), REVIEWS.map(handIds), 'float32');
    const classifier = await loadClassifier(out);
    try {
      classifier.classify(REVIEWS, 2).forEach((prediction, row) => {
        const p = expected[row]![0]!;
        const scores = Object.fromEntries(prediction.top.map((s) => [s.label, s.score]));
        expect(scores.positive).toBeCloseTo(p, 5);
        expect(scores.negative).toBeCloseTo(1 - p, 5);
      });
      expect(classifier.classify(['great product works perfectly'], 1)[0]!.label).toBe('positive');
      expect(classifier.classify(['terrible quality do not buy'], 1)[0]!.label).toBe('negative');
    } finally {
      classifier.dispose();
    }
  });

  it('imports the MLP features model: standardised inputs, logits turned into probabilities', async () => {
    const out = join(dir, 'mlp');
    const summary = await importModel(exampleOptions(MLP, out));
    expect(summary.manifest).toMatchObject({
      name: 'iris-mlp',
      input: { kind: 'features' },
      output: { kind: 'logits' },
    });
    const spec = JSON.parse(readFileSync(join(MLP, 'spec.json'), 'utf8'));
    const flowers = [
      [5.0, 3.4, 1.5, 0.2],
      [6.6, 3.0, 5.6, 2.0],
    ];
    const standardised = flowers.map((row) => row.map((v, j) => (v - spec.mean[j]) / spec.scale[j]));
    const logits = await predictOriginal(join(MLP, 'model'), standardised, 'float32');
    const classifier = await loadClassifier(out);
    try {
      const named = Object.fromEntries(spec.names.map((n: string, j: number) => [n, flowers[0]![j]]));
      const predictions = classifier.classify([named, flowers[1]!], 3);
      predictions.forEach((prediction, row) => {
        const exp = logits[row]!.map(Math.exp);
        const total = exp.reduce((a, b) => a + b, 0);
        for (const { label, score } of prediction.top)
          expect(score).toBeCloseTo(exp[classifier.info.labels.indexOf(label)]! / total, 5);
      });
      expect(predictions.map((p) => p.label)).toEqual(['setosa', 'virginica']);
    } finally {
      classifier.dispose();
    }
  });
});

describe('--samples: held-out rows for the deployment smoke test', () => {
  it('go into the manifest of a text model, which still verifies', async () => {
    const samples = [
      { text: 'great product works perfectly', label: 'positive' },
      { text: 'terrible quality do not buy', label: 'negative' },
    ];
    const file = join(dir, 'lstm-samples.json');
    writeFileSync(file, JSON.stringify(samples));
    const out = join(dir, 'lstm-with-samples');
    const summary = await importModel({ ...exampleOptions(LSTM, out), samples: file });
    expect(summary.manifest.samples).toEqual(samples);
    expect((JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ImportedBundleManifest).samples).toEqual(
      samples,
    );
    expect(verifyBundle(out).ok).toBe(true);
  });
});

describe('Keras 3 forms, fixed once at import', () => {
  const cases: [string, string, (m: any) => void, string, RegExp][] = [
    ['InputLayer batch_shape', LSTM, toKeras3BatchShape, 'batch-shape', /batchInputShape|inputShape/],
    ['weight names prefixed with the model name', MLP, toKeras3WeightNames, 'weight-name-prefix', /no target variable/],
    ['the new inbound_nodes form', MLP, toKeras3InboundNodes, 'inbound-nodes', /expected array for nodeData/],
    ['dtype as a DTypePolicy object', MLP, toKeras3DtypePolicy, 'dtype-policy', /./],
  ];

  it.each(cases)(
    '%s: tfjs-layers refuses it as written, the import fixes it and records the fix',
    async (name, example, rewrite, fix, tfjsError) => {
      const modelDir = editedModel(example, join(dir, `k3-${fix}`), rewrite);
      quiet();
      // The fixture really is in the form tfjs cannot read (or, for dtype, reads into something unusable).
      const loaded = await tfl.loadLayersModel(fsModelHandler('model.json', diskReader(modelDir))).then(
        (model) => {
          const dtype = model.layers[0]?.dtype;
          model.dispose();
          return typeof dtype === 'string' ? undefined : new Error('dtype is not a string');
        },
        (error: Error) => error,
      );
      expect(loaded).toBeInstanceOf(Error);
      expect(loaded!.message).toMatch(tfjsError);

      const out = join(dir, `k3-${fix}-bundle`);
      const summary = await importModel({ ...exampleOptions(example, out), model: modelDir });
      expect(summary.manifest.import.kerasFixes).toEqual([fix]);
      const reference = await importModel({ ...exampleOptions(example, join(dir, `k3-${fix}-reference`)) });
      expect(summary.sample.prediction.top).toEqual(reference.sample.prediction.top);
    },
  );

  it('applies all of them together on a Functional model', async () => {
    const modelDir = editedModel(MLP, join(dir, 'k3-all'), (m) => {
      toKeras3BatchShape(m);
      toKeras3DtypePolicy(m);
      toKeras3InboundNodes(m);
      toKeras3WeightNames(m);
    });
    const summary = await importModel({ ...exampleOptions(MLP, join(dir, 'k3-all-bundle')), model: modelDir });
    expect(summary.manifest.import.kerasFixes).toEqual([
      'batch-shape',
      'dtype-policy',
      'inbound-nodes',
      'weight-name-prefix',
    ]);
    const manifest = JSON.parse(
      readFileSync(join(dir, 'k3-all-bundle', 'manifest.json'), 'utf8'),
    ) as ImportedBundleManifest;
    expect(manifest.import.kerasFixes).toEqual(summary.manifest.import.kerasFixes);
  });

  it('leaves weight names alone when they already match, even if one starts like the model name', async () => {
    const modelDir = editedModel(MLP, join(dir, 'k3-named'), (m) => {
      m.modelTopology.config.name = 'hidden';
    });
    const summary = await importModel({ ...exampleOptions(MLP, join(dir, 'k3-named-bundle')), model: modelDir });
    expect(summary.manifest.import.kerasFixes).toEqual([]);
  });
});

describe('what the import refuses, writing nothing', () => {
  /** Runs an import that must fail; checks nothing was written beside --out either. */
  async function refusal(options: Parameters<typeof importModel>[0]): Promise<string> {
    const before = readdirSync(dir);
    const error = await importModel(options).then(
      () => new Error('expected a refusal'),
      (e: Error) => e,
    );
    expect(error.name).toBe('UsageError');
    expect(existsSync(options.out)).toBe(false);
    expect(readdirSync(dir)).toEqual(before);
    return error.message;
  }

  it('labels that do not match the outputs', async () => {
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r1')), labels: 'a,b' })).toMatch(
      /last layer \(logits, Dense\) has 3 unit\(s\).*but 2 labels were given/,
    );
    expect(await refusal({ ...exampleOptions(LSTM, join(dir, 'r2')), labels: 'a,b,c' })).toMatch(
      /give exactly 2 labels|3 labels were given/,
    );
  });

  it('an output that is neither softmax, one sigmoid unit nor linear, naming what was found', async () => {
    const modelDir = editedModel(MLP, join(dir, 'relu-out'), (m) => {
      m.modelTopology.config.layers.at(-1).config.activation = 'relu';
    });
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r3')), model: modelDir })).toMatch(
      /activation "relu": expected softmax, a single sigmoid unit, or linear/,
    );
  });

  it('a spec that does not fit the model input: feature count, fixed sequence length', async () => {
    const spec = join(dir, 'three-features.json');
    writeFileSync(spec, JSON.stringify({ kind: 'features', names: ['a', 'b', 'c'] }));
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r4')), input: spec })).toBe(
      "input spec: names lists 3 features but the model's input has shape [null, 4]",
    );
    const seq = join(LSTM, 'spec.json');
    const longer = join(dir, 'long-spec.json');
    writeFileSync(
      longer,
      JSON.stringify({
        ...JSON.parse(readFileSync(seq, 'utf8')),
        vocabulary: join(LSTM, 'word_index.json'),
        maxLen: 20,
      }),
    );
    expect(await refusal({ ...exampleOptions(LSTM, join(dir, 'r5')), input: longer })).toBe(
      'input spec: maxLen is 20 but the model takes sequences of exactly 12 ids',
    );
  });

  it('a vocabulary with ids outside the embedding (unless numWords keeps them out)', async () => {
    const vocabulary = join(dir, 'big-vocab.json');
    writeFileSync(vocabulary, JSON.stringify({ ...WORD_INDEX, zebra: 64, yak: 90 }));
    const spec = join(dir, 'big-spec.json');
    writeFileSync(
      spec,
      JSON.stringify({ kind: 'sequence', vocabulary, oovToken: '<OOV>', maxLen: 12, padding: 'post' }),
    );
    expect(await refusal({ ...exampleOptions(LSTM, join(dir, 'r6')), input: spec })).toMatch(
      /^vocabulary: 2 word\(s\) have ids outside the Embedding's 64 rows \(ids 0-63\), e\.g\. "yak" = 90; set numWords to at most 64/,
    );
    writeFileSync(
      spec,
      JSON.stringify({ kind: 'sequence', vocabulary, oovToken: '<OOV>', maxLen: 12, padding: 'post', numWords: 64 }),
    );
    const summary = await importModel({ ...exampleOptions(LSTM, join(dir, 'r6-ok')), input: spec });
    expect(summary.manifest.input).toMatchObject({ numWords: 64, maxId: 64 });
  });

  it('a missing shard', async () => {
    const modelDir = editedModel(MLP, join(dir, 'no-shard'), () => undefined);
    rmSync(join(modelDir, 'weights.bin'));
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r7')), model: modelDir })).toMatch(
      /^model\.json: weight shard weights\.bin is missing/,
    );
  });

  it('a layer class tfjs cannot build, by name', async () => {
    const modelDir = editedModel(MLP, join(dir, 'unknown-layer'), (m) => {
      m.modelTopology.config.layers[1].class_name = 'TextVectorization';
    });
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r8')), model: modelDir })).toMatch(
      /cannot build layer class TextVectorization/,
    );
  });

  it('an unknown field in the spec, and weights that do not fit the layers (the trial load fails)', async () => {
    const spec = join(dir, 'typo-spec.json');
    writeFileSync(spec, JSON.stringify({ kind: 'features', names: ['a', 'b', 'c', 'd'], scales: [1, 1, 1, 1] }));
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r9')), input: spec })).toMatch(/unknown field "scales"/);
    const modelDir = editedModel(MLP, join(dir, 'bad-weights'), (m) => {
      m.weightsManifest[0].weights[0].name = 'hidden/kernel_typo';
    });
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r10')), model: modelDir })).toMatch(
      /^the imported bundle does not load: model\.json: the model could not be loaded/,
    );
  });

  it('samples with a label the model does not have, and samples for a features model', async () => {
    const file = join(dir, 'bad-samples.json');
    writeFileSync(file, JSON.stringify([{ text: 'fine', label: 'neutral' }]));
    expect(await refusal({ ...exampleOptions(LSTM, join(dir, 'r-samples-1')), samples: file })).toBe(
      `samples ${file}: samples[0].label must be one of the manifest's labels`,
    );
    expect(await refusal({ ...exampleOptions(MLP, join(dir, 'r-samples-2')), samples: file })).toBe(
      `samples ${file}: samples are texts, and a features model takes no text`,
    );
  });

  it('a --backend that is not auto, cpu or wasm', async () => {
    expect(await refusal({ ...exampleOptions(LSTM, join(dir, 'r11')), backend: 'gpu' as never })).toBe(
      '--backend gpu: must be one of auto, cpu, wasm',
    );
  });
});

describe('the backend an import records', () => {
  const servingOf = (out: string) =>
    (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ImportedBundleManifest).serving!;

  it('auto measures the LSTM on cpu and on wasm, each in its own process, and records the faster with both figures', async () => {
    const out = join(dir, 'lstm-auto');
    const summary = await importModel({ ...exampleOptions(LSTM, out), backend: 'auto' });
    const serving = servingOf(out);
    expect(summary.serving).toEqual(serving);
    expect(serving.chosenBy).toBe('measured');
    for (const backend of ['cpu', 'wasm'] as const) {
      const t = serving.measured[backend]!;
      expect(t.loadMs).toBeGreaterThan(0);
      expect(t.singleMedianMs).toBeGreaterThan(0);
      expect(t.singleCalls).toBeGreaterThanOrEqual(5);
      expect(t.batchRows).toBe(32);
      expect(t.batchPerRowMs).toBeGreaterThan(0);
    }
    expect(serving.backend).toBe(fasterBackend(serving.measured.cpu!, serving.measured.wasm!));
    expect(verifyBundle(out).ok).toBe(true);
  });

  it("--backend wasm is recorded as the user's choice, with the wasm figures only", async () => {
    const out = join(dir, 'lstm-wasm');
    await importModel({ ...exampleOptions(LSTM, out), backend: 'wasm' });
    expect(servingOf(out)).toMatchObject({ backend: 'wasm', chosenBy: 'user', measured: { wasm: { batchRows: 32 } } });
    expect(Object.keys(servingOf(out).measured)).toEqual(['wasm']);
  });

  it('a bundle whose manifest names an unknown backend does not load, and packaging derives nothing for it', async () => {
    const out = join(dir, 'lstm-bad-backend');
    await importModel({ ...exampleOptions(LSTM, out) });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    manifest.serving.backend = 'webgpu';
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadClassifier(out)).rejects.toMatchObject({
      reason: 'manifest.json: serving.backend must be one of cpu, wasm (got "webgpu")',
    });
    await expect(deriveModelFiles(out)).rejects.toThrow('serving.backend must be one of cpu, wasm (got "webgpu")');
    expect(existsSync(join(dir, 'model-cache'))).toBe(false);
  });
});
