import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskReader, fsModelHandler } from '../../lib/model/bundle/fs-io-handler';
import { loadClassifier } from '../../lib/model/load-classifier';
import { tf, tfl } from '../../lib/model/tf/index';
import { saveLayersModel } from '../../examples/save-layers-model';
import { importModel } from '../../scripts/import/import-model';
import { tempDir } from '../model/fixture-bundle';

/**
 * Layers the issue names beyond the examples' LSTM and Dense: each small model is built here with tfjs-layers
 * (untrained, seeded), saved as a converter would, imported, and served; the scores must be model.predict's for the
 * same ids.
 */
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('atlas-arch-')));
afterAll(() => cleanup());

const seed = (n: number) => ({ kernelInitializer: tfl.initializers.glorotUniform({ seed: n }) });
const WORDS = { '<OOV>': 1, good: 2, bad: 3, very: 4, not: 5, film: 6 };
const MAX_LEN = 6;

const ARCHITECTURES: [string, () => tfl.LayersModel][] = [
  [
    'Bidirectional LSTM',
    () =>
      tfl.sequential({
        layers: [
          tfl.layers.embedding({
            inputDim: 10,
            outputDim: 4,
            inputLength: MAX_LEN,
            embeddingsInitializer: tfl.initializers.randomUniform({ seed: 1 }),
          }),
          tfl.layers.bidirectional({
            layer: tfl.layers.lstm({ units: 3, recurrentInitializer: 'glorotUniform', ...seed(2) }) as tfl.RNN,
            mergeMode: 'concat',
          }),
          tfl.layers.dense({ units: 3, activation: 'softmax', ...seed(3) }),
        ],
      }),
  ],
  [
    'GRU with dropout',
    () =>
      tfl.sequential({
        layers: [
          tfl.layers.embedding({
            inputDim: 10,
            outputDim: 4,
            inputLength: MAX_LEN,
            embeddingsInitializer: tfl.initializers.randomUniform({ seed: 4 }),
          }),
          tfl.layers.gru({ units: 5, recurrentInitializer: 'glorotUniform', ...seed(5) }),
          tfl.layers.dropout({ rate: 0.5 }),
          tfl.layers.dense({ units: 3, activation: 'softmax', ...seed(6) }),
        ],
      }),
  ],
  [
    'Conv1D, global max pooling and batch normalisation',
    () =>
      tfl.sequential({
        layers: [
          tfl.layers.embedding({
            inputDim: 10,
            outputDim: 4,
            inputLength: MAX_LEN,
            embeddingsInitializer: tfl.initializers.randomUniform({ seed: 7 }),
          }),
          tfl.layers.conv1d({ filters: 4, kernelSize: 3, activation: 'relu', ...seed(8) }),
          tfl.layers.globalMaxPooling1d({}),
          tfl.layers.batchNormalization({
            movingMeanInitializer: tfl.initializers.constant({ value: 0.1 }),
            movingVarianceInitializer: tfl.initializers.constant({ value: 2 }),
          }),
          tfl.layers.dense({ units: 3, ...seed(9) }),
        ],
      }),
  ],
];

describe.each(ARCHITECTURES)('an imported %s model', (name, build) => {
  it("serves model.predict's scores for the same ids", async () => {
    const modelDir = join(dir, name.replace(/\W+/g, '-'));
    const model = build();
    await saveLayersModel(model, join(modelDir, 'model'));
    model.dispose();
    writeFileSync(join(modelDir, 'words.json'), JSON.stringify(WORDS));
    writeFileSync(
      join(modelDir, 'spec.json'),
      JSON.stringify({ kind: 'sequence', vocabulary: 'words.json', oovToken: '<OOV>' }),
    );
    const out = join(modelDir, 'bundle');
    const summary = await importModel({
      model: join(modelDir, 'model'),
      out,
      labels: 'a,b,c',
      input: join(modelDir, 'spec.json'),
      backend: 'cpu',
    });
    // maxLen comes from the model's fixed input length.
    expect(summary.manifest.input).toMatchObject({ kind: 'sequence', maxLen: MAX_LEN, padding: 'pre' });

    const texts = ['very good film', 'not good, not bad', 'unknown words'];
    const ids = [
      [0, 0, 0, 4, 2, 6],
      [0, 0, 5, 2, 5, 3],
      [0, 0, 0, 0, 1, 1],
    ];
    const reference = await tfl.loadLayersModel(fsModelHandler('model.json', diskReader(join(modelDir, 'model'))));
    let expected = tf.tidy(() => reference.predict(tf.tensor2d(ids)) as tf.Tensor).arraySync() as number[][];
    reference.dispose();
    if (summary.manifest.output.kind === 'logits') {
      expected = expected
        .map((row) => row.map(Math.exp))
        .map((row) => row.map((v) => v / row.reduce((s, x) => s + x, 0)));
    }
    const classifier = await loadClassifier(out);
    try {
      classifier.classify(texts, 3).forEach((prediction, row) => {
        for (const { label, score } of prediction.top)
          expect(score).toBeCloseTo(expected[row]!['abc'.indexOf(label)]!, 5);
      });
    } finally {
      classifier.dispose();
    }
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).output.kind).toBe(
      name.startsWith('Conv1D') ? 'logits' : 'softmax',
    );
  });
});
