/**
 * Every layout of a layers model.json that tf.loadLayersModel accepts imports, and the imported bundle answers what
 * tfjs-layers answers on the very same files and ids (1e-5): the converter's model_config wrapper (a real converted
 * model, and the examples rewritten in its form, Keras 2 and 3), a pre-1.0 converter's bare list of layers with
 * shards named without .bin, and tfjs model.save's bare topology. Refusals name the layout they found.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKerasTopology } from '../../lib/model/bundle/keras-topology';
import { importModel } from '../../scripts/import/import-model';
import { tempDir } from '../model/fixture-bundle';
import { converterModel, legacyConverterModel } from './support/converter-layouts';
import { exampleOptions, LSTM, MLP, TWITTER } from './support/examples';
import { toKeras3BatchShape, toKeras3DtypePolicy, toKeras3InboundNodes, toKeras3WeightNames } from './support/keras3';
import { expectClose, servedScores, sigmoidPairs, tfjsPredict } from './support/scores';

jest.setTimeout(60_000);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('atlas-layouts-')));
afterAll(() => cleanup());

describe('a real model converted by tensorflowjs_converter 4.20 from Keras 2.14 (model_config wrapper)', () => {
  const WORDS: Record<string, number> = JSON.parse(readFileSync(join(TWITTER, 'tokenizer.json'), 'utf8'));
  /** Keras Tokenizer(num_words=10000, oov_token="<OOV>") + pad_sequences(maxlen=200), for plain lower-case words. */
  const kerasIds = (text: string) => {
    const ids = text.split(' ').map((w) => (WORDS[w] !== undefined && WORDS[w]! < 10_000 ? WORDS[w]! : 1));
    return [...new Array(200 - ids.length).fill(0), ...ids];
  };
  const TEXTS = [
    'ice cream is delicious',
    'i love this game so much',
    'worst update ever the servers are down',
    'zzzqqq',
  ];
  let bundle: string;

  beforeAll(async () => {
    bundle = join(dir, 'twitter');
    const spec = join(dir, 'twitter-spec.json');
    writeFileSync(
      spec,
      JSON.stringify({
        kind: 'sequence',
        vocabulary: join(TWITTER, 'tokenizer.json'),
        oovToken: '<OOV>',
        numWords: 10000,
      }),
    );
    await importModel({
      model: TWITTER,
      out: bundle,
      labels: join(TWITTER, 'label_encoder.json'),
      input: spec,
      backend: 'cpu',
    });
    // The import times the 200-step two-LSTM model on the backend (batches of 32 included): tens of seconds on a busy machine.
  }, 240_000);

  it('imports it, recording the layout, and stores the bare topology tfjs model.save writes', () => {
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      labels: ['Irrelevant', 'Negative', 'Neutral', 'Positive'],
      input: {
        kind: 'sequence',
        maxLen: 200,
        maxId: 10000,
        numWords: 10000,
        oovToken: '<OOV>',
        padding: 'pre',
        truncating: 'pre',
      },
      output: { kind: 'softmax' },
      import: {
        layout: 'converter',
        source: { generatedBy: 'keras v2.14.0', convertedBy: 'TensorFlow.js Converter v4.20.0' },
        vocabulary: { format: 'word-index', warnings: [] },
      },
    });
    const stored = JSON.parse(readFileSync(join(bundle, 'model.json'), 'utf8'));
    expect(readKerasTopology(stored.modelTopology)).toMatchObject({
      layout: 'model-save',
      topology: { class_name: 'Sequential' },
    });
    expect(stored.modelTopology.training_config).toBeUndefined();
  });

  it('reproduces the scores its author\'s notebook printed for "ice cream is delicious" (text to label, tokeniser included)', async () => {
    const [scores] = await servedScores(bundle, ['ice cream is delicious']);
    expectClose([scores!], [[9.9832636e-1, 1.90997e-4, 7.0900947e-4, 7.7360758e-4]]);
  });

  it("answers tfjs-layers' own predictions on the original files, for the Keras tokeniser's ids", async () => {
    expectClose(await servedScores(bundle, TEXTS), await tfjsPredict(TWITTER, TEXTS.map(kerasIds), 'float32'));
  });
});

describe('the examples in each layout other tools write', () => {
  const REVIEWS = ['great product works perfectly', 'terrible quality do not buy', 'zzz unknown words only', 'good'];
  const WORDS: Record<string, number> = JSON.parse(readFileSync(join(LSTM, 'word_index.json'), 'utf8'));
  const reviewIds = (text: string) => {
    const ids = text.split(' ').map((w) => WORDS[w] ?? 1);
    return [...ids, ...new Array(12 - ids.length).fill(0)];
  };
  const spec = JSON.parse(readFileSync(join(MLP, 'spec.json'), 'utf8'));
  const FLOWERS = [
    [5.0, 3.4, 1.5, 0.2],
    [6.6, 3.0, 5.6, 2.0],
  ];
  const standardised = FLOWERS.map((row) => row.map((v, j) => (v - spec.mean[j]) / spec.scale[j]));
  const softmax = (rows: number[][]) =>
    rows.map((r) => r.map(Math.exp)).map((e) => e.map((x) => x / e.reduce((s, y) => s + y, 0)));

  const cases: [string, string, (example: string, out: string) => string, string][] = [
    ['converter (Keras 2, Sequential LSTM)', LSTM, (e, o) => converterModel(e, o), 'converter'],
    ['converter (Keras 2, Functional MLP)', MLP, (e, o) => converterModel(e, o), 'converter'],
    [
      'pre-1.0 converter: bare list of layers, shards without .bin',
      LSTM,
      legacyConverterModel,
      'converter-legacy-list',
    ],
    ['tfjs model.save: bare topology, first layer with batch_input_shape', LSTM, (e) => join(e, 'model'), 'model-save'],
  ];

  it.each(cases)(
    '%s: imports, records the layout, and serves what tfjs-layers predicts on the same files',
    async (_, example, make, layout) => {
      const modelDir = make(example, join(dir, `${layout}-${example === LSTM ? 'lstm' : 'mlp'}-src`));
      const out = join(dir, `${layout}-${example === LSTM ? 'lstm' : 'mlp'}`);
      const summary = await importModel({ ...exampleOptions(example, out), model: modelDir });
      expect(summary.manifest.import.layout).toBe(layout);
      if (example === LSTM) {
        expectClose(
          await servedScores(out, REVIEWS),
          sigmoidPairs(await tfjsPredict(modelDir, REVIEWS.map(reviewIds), 'float32')),
        );
      } else {
        expectClose(await servedScores(out, FLOWERS), softmax(await tfjsPredict(modelDir, standardised, 'float32')));
      }
    },
  );

  it('Keras 3 through the converter (model_config wrapper around every Keras 3 form): the fixes apply inside the wrapper', async () => {
    const modelDir = converterModel(MLP, join(dir, 'keras3-src'), (m) => {
      // The Keras 3 forms, applied to the wrapped model as Keras 3 writes them inside model_config.
      const view = { ...m, modelTopology: m.modelTopology.model_config };
      toKeras3BatchShape(view);
      toKeras3DtypePolicy(view);
      toKeras3InboundNodes(view);
      toKeras3WeightNames(view);
      m.generatedBy = 'keras v3.5.0';
      m.modelTopology.keras_version = '3.5.0';
    });
    const out = join(dir, 'keras3');
    const summary = await importModel({ ...exampleOptions(MLP, out), model: modelDir });
    expect(summary.manifest.import).toMatchObject({
      layout: 'converter',
      kerasFixes: ['batch-shape', 'dtype-policy', 'inbound-nodes', 'weight-name-prefix'],
    });
    expectClose(
      await servedScores(out, FLOWERS),
      softmax(await tfjsPredict(join(MLP, 'model'), standardised, 'float32')),
    );
  });
});

describe('refusals name the layout they found, and write nothing', () => {
  it.each<[string, (m: any) => void, RegExp]>([
    [
      'a wrapper around no model',
      (m) => (m.modelTopology = { keras_version: '2.14.0', model_config: 'x' }),
      /model_config \(tensorflowjs_converter's wrapper\) is a string, not a model/,
    ],
    [
      'a topology that is no Keras model',
      (m) => (m.modelTopology = { node: [], versions: {} }),
      /modelTopology has no class_name \(found node, versions\): not a Keras model topology/,
    ],
    [
      'a Functional model whose config is a list',
      (m) => (m.modelTopology = { class_name: 'Functional', config: [] }),
      /a Functional whose config is a list; only a Sequential/,
    ],
    [
      'a converter wrapper with no layers',
      (m) =>
        (m.modelTopology = {
          keras_version: '2.14.0',
          model_config: { class_name: 'Sequential', config: { name: 's', layers: [] } },
        }),
      /model\.json \(tensorflowjs_converter's model_config wrapper\): the topology lists no layers/,
    ],
    [
      'a pre-1.0 list with an unknown layer',
      (m) =>
        (m.modelTopology = {
          model_config: { class_name: 'Sequential', config: [{ class_name: 'Lambda', config: { name: 'l' } }] },
        }),
      /a pre-1\.0 tensorflowjs_converter's model_config wrapper around a Sequential list of layers\): tfjs-layers .* cannot build layer class Lambda/,
    ],
  ])('%s', async (_, edit, message) => {
    const source = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    cpSync(join(LSTM, 'model'), source, { recursive: true });
    const m = JSON.parse(readFileSync(join(source, 'model.json'), 'utf8'));
    edit(m);
    writeFileSync(join(source, 'model.json'), JSON.stringify(m));
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
    await expect(importModel({ ...exampleOptions(LSTM, out), model: source })).rejects.toThrow(message);
    expect(existsSync(out)).toBe(false);
  });
});
