/**
 * Writes the two example models of `examples/`, as a team would bring them: a converter-style layers `model.json` +
 * `weights.bin`, the vocabulary or feature list, an input spec and the labels. Tiny and deterministic (seeded
 * initialisers, no shuffling, fixed data written here), so rerunning it rewrites the same files.
 *
 *   npx tsx examples/make-examples.ts
 *   npm run import-model -- --model examples/review-lstm/model --out /tmp/lstm --labels examples/review-lstm/labels.json --input examples/review-lstm/spec.json
 *
 * - `review-lstm/`: a sequence model (Embedding -> LSTM -> Dense sigmoid), fed with Keras `Tokenizer`-style ids
 *   (`word_index.json`, OOV id 1, post padding to 12), telling negative from positive product reviews.
 * - `iris-mlp/`: a features model (Functional: Input -> Dense relu -> Dense linear, i.e. logits) over four named
 *   measurements standardised with a StandardScaler's mean and scale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf, tfl } from '../lib/model/tf/index';
// Training the LSTM runs its Orthogonal initialiser, which calls chained tensor methods only the umbrella package
// registers (serving skips initialisers altogether: lib/model/runtimes/layers/skip-initializers.ts).
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { compileWordRules, textToWords } from '../lib/model/inputs/sequence/words';
import { TOKENIZER_DEFAULTS } from '../lib/model/inputs/sequence/spec';

import { saveLayersModel } from './save-layers-model';

const HERE = __dirname;

const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

const REVIEWS: [string, number][] = [
  ['great product, works perfectly', 1],
  ['i love it, excellent quality', 1],
  ['fast delivery and great price', 1],
  ['really good, would buy again', 1],
  ['excellent, my kids love it', 1],
  ['works great and looks good', 1],
  ['perfect fit, very happy', 1],
  ['good value, happy with it', 1],
  ['terrible, broke after one day', 0],
  ['awful quality, do not buy', 0],
  ['it never worked, waste of money', 0],
  ['bad product and slow delivery', 0],
  ['broken on arrival, very disappointed', 0],
  ['poor quality, returned it', 0],
  ['the worst purchase, not happy', 0],
  ['stopped working, really bad', 0],
];
const MAX_LEN = 12;
const EMBEDDING_ROWS = 64;

async function makeReviewLstm(): Promise<void> {
  const dir = join(HERE, 'review-lstm');
  // Keras Tokenizer(oov_token='<OOV>').fit_on_texts: OOV first, then words by frequency (ties: first seen).
  const rules = compileWordRules({ ...TOKENIZER_DEFAULTS, style: 'tokenizer' });
  const counts = new Map<string, number>();
  for (const [text] of REVIEWS)
    for (const word of textToWords(text, rules)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([word]) => word);
  const wordIndex: Record<string, number> = { '<OOV>': 1 };
  words.forEach((word, i) => (wordIndex[word] = i + 2));

  const sequences = REVIEWS.map(([text]) => {
    const ids = textToWords(text, rules)
      .map((w) => wordIndex[w] ?? 1)
      .slice(0, MAX_LEN);
    return [...ids, ...new Array(MAX_LEN - ids.length).fill(0)];
  });
  const model = tfl.sequential({ name: 'review_lstm' });
  model.add(
    tfl.layers.embedding({
      name: 'embedding',
      inputDim: EMBEDDING_ROWS,
      outputDim: 8,
      inputLength: MAX_LEN,
      embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 1 }),
    }),
  );
  model.add(
    tfl.layers.lstm({
      name: 'lstm',
      units: 8,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
      recurrentInitializer: tfl.initializers.orthogonal({ seed: 3 }),
    }),
  );
  model.add(
    tfl.layers.dense({
      name: 'sentiment',
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
  const x = tf.tensor2d(sequences, [sequences.length, MAX_LEN]);
  const y = tf.tensor2d(REVIEWS.map(([, label]) => [label]));
  await model.fit(x, y, { epochs: 30, batchSize: 16, shuffle: false, verbose: 0 });
  await saveLayersModel(model, join(dir, 'model'));
  writeJson(join(dir, 'word_index.json'), wordIndex);
  writeJson(join(dir, 'spec.json'), {
    kind: 'sequence',
    vocabulary: 'word_index.json',
    oovToken: '<OOV>',
    maxLen: MAX_LEN,
    padding: 'post',
    truncating: 'post',
  });
  writeJson(join(dir, 'labels.json'), ['negative', 'positive']);
  tf.dispose([x, y]);
  model.dispose();
}

/** Fixed, made-up flower measurements (not the Iris data set): three species well apart. */
function irisRows(): { features: number[]; label: number }[] {
  const centres = [
    [5.0, 3.4, 1.5, 0.2],
    [5.9, 2.8, 4.3, 1.3],
    [6.6, 3.0, 5.6, 2.0],
  ];
  const rows: { features: number[]; label: number }[] = [];
  for (let i = 0; i < 30; i++) {
    const label = i % 3;
    const wobble = ((i * 7) % 5) / 10 - 0.2;
    rows.push({ features: centres[label]!.map((c, j) => c + wobble * (j % 2 === 0 ? 1 : -1)), label });
  }
  return rows;
}

async function makeIrisMlp(): Promise<void> {
  const dir = join(HERE, 'iris-mlp');
  const names = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
  const rows = irisRows();
  const mean = names.map((_, j) => rows.reduce((s, r) => s + r.features[j]!, 0) / rows.length);
  const scale = names.map((_, j) =>
    Math.sqrt(rows.reduce((s, r) => s + (r.features[j]! - mean[j]!) ** 2, 0) / rows.length),
  );
  const input = tfl.input({ shape: [names.length], name: 'measurements' });
  const hidden = tfl.layers
    .dense({
      units: 8,
      activation: 'relu',
      name: 'hidden',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }),
    })
    .apply(input);
  const logits = tfl.layers
    .dense({ units: 3, name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed: 6 }) })
    .apply(hidden) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: logits, name: 'iris_mlp' });
  model.compile({
    optimizer: tf.train.adam(0.05),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
  const x = tf.tensor2d(rows.map((r) => r.features.map((v, j) => (v - mean[j]!) / scale[j]!)));
  const y = tf
    .oneHot(
      tf.tensor1d(
        rows.map((r) => r.label),
        'int32',
      ),
      3,
    )
    .toFloat();
  await model.fit(x, y, { epochs: 40, batchSize: 10, shuffle: false, verbose: 0 });
  await saveLayersModel(model, join(dir, 'model'));
  writeJson(join(dir, 'spec.json'), { kind: 'features', names, mean, scale });
  writeJson(join(dir, 'labels.json'), ['setosa', 'versicolor', 'virginica']);
  tf.dispose([x, y]);
  model.dispose();
}

if (require.main === module) {
  (async () => {
    await tf.setBackend('cpu');
    await makeReviewLstm();
    await makeIrisMlp();
    console.log('wrote examples/review-lstm and examples/iris-mlp');
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
