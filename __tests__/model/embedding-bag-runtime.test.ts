import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { diskReader, fsModelHandler } from '../../lib/model/bundle/fs-io-handler';
import { loadClassifier } from '../../lib/model/load-classifier';
import { padBatch, vectorize, vocabularyFromJson } from '../../lib/model/inputs/ngrams';
import { tf, tfl } from '../../lib/model/tf/index';
import { layers } from '../../lib/model/runtimes/layers';
import { embeddingBagPlan } from '../../lib/model/runtimes/embedding-bag/plan';
import type { TrainOptions } from '../../scripts/training/pipeline';
import { fixtureWithOos, loadError, tempDir, trainFixtureBundle } from './fixture-bundle';

/**
 * The served classifier does not run the layers model as a whole: it pools the embeddings in JavaScript and runs the
 * dense head through tfjs-core (see lib/model/runtimes/embedding-bag/classifier.ts). These tests pin that it computes what
 * tfjs-layers' `model.predict` computes on the same bundle.
 */

const TEXTS = [
  'will it rain tomorrow afternoon',
  'play some music please',
  'hello, good morning',
  'refund my invoice charge',
  'is it going to snow this weekend or not?',
  'Bonjour! Ça va? 😀',
  '',
  '\u0000\u200b',
  'zzqx qqq',
  'play some jazz '.repeat(300),
  "CAN'T PAY MY BILL — charged twice",
  'weather music billing greeting',
];

/** model.predict on the full layers model, the reference. */
async function referenceScores(modelDir: string, texts: readonly string[]): Promise<Float32Array> {
  const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8'));
  const vocabulary = vocabularyFromJson(JSON.parse(readFileSync(join(modelDir, manifest.preprocessing.vocabularyFile), 'utf8')));
  const model = await tfl.loadLayersModel(fsModelHandler(manifest.modelFile, diskReader(modelDir)));
  try {
    const batch = padBatch(texts.map((text) => vectorize(text, vocabulary, manifest.preprocessing)));
    return tf.tidy(() => {
      const ids = tf.tensor2d(batch.ids, [batch.batch, batch.length], 'int32');
      const weights = tf.tensor2d(batch.weights, [batch.batch, batch.length], 'float32');
      return (model.predict([ids, weights]) as tf.Tensor).dataSync() as Float32Array;
    });
  } finally {
    model.dispose();
  }
}

let dir: string;
let cleanup: () => void;

/** The fixture with out-of-scope rows, learnt as 3 clusters by `members` members. */
function withClusters(members: number): Partial<TrainOptions> {
  return { data: fixtureWithOos(dir), oosLabel: 'none', oosClusters: 3, members, hiddenUnits: 0, dropout: 0 };
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
});

afterAll(() => cleanup());

describe.each([
  ['a linear head (Dense softmax)', { hiddenUnits: 0, dropout: 0 }],
  ['a hidden ReLU layer and dropout', { hiddenUnits: 12, dropout: 0.2 }],
  ['an ensemble of three linear members (Average)', { hiddenUnits: 0, dropout: 0, members: 3 }],
  ['an ensemble of two members with hidden layers', { hiddenUnits: 12, dropout: 0.2, members: 2 }],
  // The trainer's out-of-scope clusters: a fixed Dense (label_merge) after the Average, or at the end of one branch.
  ['an ensemble whose out-of-scope label is learnt as clusters (Average, then Dense)', () => withClusters(3)],
  ['one member whose out-of-scope label is learnt as clusters', () => withClusters(1)],
] as [string, Partial<TrainOptions> | (() => Partial<TrainOptions>)][])('the served classifier with %s', (name, architecture) => {
  let modelDir: string;

  beforeAll(async () => {
    const overrides = typeof architecture === 'function' ? architecture() : architecture;
    ({ modelDir } = await trainFixtureBundle(join(dir, name.replace(/\W+/g, '-')), overrides));
  });

  it('gives the scores of model.predict within 1e-5, for every label, alone and in a batch', async () => {
    const classifier = await loadClassifier(modelDir);
    try {
      const labels = classifier.info.labels;
      const expected = await referenceScores(modelDir, TEXTS);
      const batched = classifier.classify(TEXTS, labels.length);
      const alone = TEXTS.map((text) => classifier.classify([text], labels.length)[0]!);
      for (const predictions of [batched, alone]) {
        predictions.forEach((prediction, row) => {
          expect(prediction.top).toHaveLength(labels.length);
          for (const { label, score } of prediction.top) {
            expect(Math.abs(score - expected[row * labels.length + labels.indexOf(label)]!)).toBeLessThan(1e-5);
          }
        });
      }
    } finally {
      classifier.dispose();
    }
  });

  it('gives the scores of the generic layers runtime on the same bundle within 1e-5', async () => {
    const fast = await loadClassifier(modelDir);
    const generic = await loadClassifier(modelDir, { runtimes: [layers] });
    try {
      const labels = fast.info.labels;
      const byLabel = (p: { top: { label: string; score: number }[] }) => new Map(p.top.map((s) => [s.label, s.score]));
      const genericScores = generic.classify(TEXTS, labels.length).map(byLabel);
      fast.classify(TEXTS, labels.length).forEach((prediction, row) => {
        const other = genericScores[row]!;
        for (const { label, score } of prediction.top) expect(Math.abs(score - other.get(label)!)).toBeLessThan(1e-5);
      });
    } finally {
      fast.dispose();
      generic.dispose();
    }
  });

  it('holds no tfjs tensors and creates none when classifying: the fast path is plain JavaScript', async () => {
    const before = tf.memory().numTensors;
    const classifier = await loadClassifier(modelDir);
    for (let i = 0; i < 20; i++) classifier.classify(TEXTS, 3);
    expect(tf.memory().numTensors).toBe(before);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('models outside the embedding-bag fast path', () => {
  let modelDir: string;

  beforeAll(async () => {
    ({ modelDir } = await trainFixtureBundle(join(dir, 'base')));
  });

  /** A copy of the bundle whose model.json is changed by `edit` (and whose manifest pins the new file). */
  function withModelJson(name: string, edit: (modelJson: { modelTopology: any }) => void, source = modelDir): string {
    const copy = join(dir, name);
    cpSync(source, copy, { recursive: true });
    const modelJson = JSON.parse(readFileSync(join(copy, 'model.json'), 'utf8'));
    edit(modelJson);
    const bytes = Buffer.from(JSON.stringify(modelJson));
    writeFileSync(join(copy, 'model.json'), bytes);
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
    const entry = manifest.files.find((f: { path: string }) => f.path === 'model.json');
    entry.bytes = bytes.length;
    entry.sha256 = require('node:crypto').createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
    return copy;
  }

  /** The scores of the served classifier against model.predict's, for every label of every text. */
  async function expectServedLikePredict(bundle: string): Promise<void> {
    const classifier = await loadClassifier(bundle);
    try {
      const labels = classifier.info.labels;
      const expected = await referenceScores(bundle, TEXTS);
      classifier.classify(TEXTS, labels.length).forEach((prediction, row) => {
        for (const { label, score } of prediction.top) {
          expect(Math.abs(score - expected[row * labels.length + labels.indexOf(label)]!)).toBeLessThan(1e-5);
        }
      });
    } finally {
      classifier.dispose();
    }
  }

  it('serves an activation the fast path does not implement through the generic layers runtime', async () => {
    // hardSigmoid keeps every score in [0, 1], so the answers pass the service's probability check.
    await expectServedLikePredict(
      withModelJson('hard-sigmoid', (m) => {
        m.modelTopology.config.layers.at(-1).config.activation = 'hardSigmoid';
      }),
    );
  });

  it('reads dense layers after an ensemble Average, and leaves one it does not implement to the generic runtime', async () => {
    const { modelDir: clustered } = await trainFixtureBundle(join(dir, 'clustered'), withClusters(2));
    const topology = JSON.parse(readFileSync(join(clustered, 'model.json'), 'utf8')).modelTopology;
    expect(embeddingBagPlan(topology)).toMatchObject({
      branches: [{}, {}],
      afterAverage: [{ kernel: 'label_merge/kernel', bias: undefined, units: 5, activation: 'linear' }],
      outputs: 5,
    });
    const edited = withModelJson(
      'clustered-hard-sigmoid',
      (m) => {
        m.modelTopology.config.layers.find((l: { name: string }) => l.name === 'label_merge').config.activation = 'hardSigmoid';
      },
      clustered,
    );
    expect(embeddingBagPlan(JSON.parse(readFileSync(join(edited, 'model.json'), 'utf8')).modelTopology)).toBeUndefined();
    await expectServedLikePredict(edited);
  });

  it('serves a pooling that is not a plain dot product through the generic layers runtime', async () => {
    await expectServedLikePredict(
      withModelJson('normalized-dot', (m) => {
        m.modelTopology.config.layers.find((l: { class_name: string }) => l.class_name === 'Dot').config.normalize = true;
      }),
    );
  });

  it('refuses a topology that is not even well formed, without throwing anything else', async () => {
    const bundle = withModelJson('malformed', (m) => {
      delete m.modelTopology.config.layers[2].inbound_nodes;
    });
    expect((await loadError(bundle)).reason).toBe('model.json: the model could not be loaded');
  });

  it('leaves an ensemble whose branches meet in anything but an Average to the generic layers runtime', async () => {
    const { modelDir: ensemble } = await trainFixtureBundle(join(dir, 'ensemble'), { members: 2, epochs: 2 });
    await expectServedLikePredict(
      withModelJson('maximum', (m) => {
        m.modelTopology.config.layers.at(-1).class_name = 'Maximum';
      }, ensemble),
    );
    // The Average takes the first member twice: the second member's output would be computed and ignored.
    const sideBranch = withModelJson('one-branch-out', (m) => {
      const average = m.modelTopology.config.layers.at(-1);
      average.inbound_nodes[0][1] = average.inbound_nodes[0][0];
    }, ensemble);
    const topology = JSON.parse(readFileSync(join(sideBranch, 'model.json'), 'utf8')).modelTopology;
    expect(embeddingBagPlan(topology)).toBeUndefined();
  });

  it('refuses weights whose shape does not match the layers', async () => {
    const bundle = withModelJson('shape', (m) => {
      m.modelTopology.config.layers.find((l: { class_name: string }) => l.class_name === 'Embedding').config.output_dim = 3;
    });
    expect((await loadError(bundle)).reason).toBe('model.json: the model could not be loaded');
  });
});
