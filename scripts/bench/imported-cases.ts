import { join } from 'node:path';
import { projectRoot } from './events';

/**
 * A model the imported-model section imports as a user would (`npm run import-model`), packages into a copy of the
 * /classify zip and serves beside the plain-tfjs baseline on the same model.json. To measure another one, append an
 * entry to {@link IMPORTED_CASES}: the section runs every entry in the same cold rounds and warm slices.
 */
export interface ImportedCase {
  /** Short name for rows, scratch folders and results.json. */
  id: string;
  /** What the model is, for the report. */
  title: string;
  /** The converter's output: `model.json` and its shards. */
  model: string;
  /** The labels file, as `--labels` takes it. */
  labels: string;
  /** The input spec: a file, or a spec the section writes to a file (for one naming a vocabulary by absolute path). */
  input: string | Record<string, unknown>;
  /** Also package it with the backend import did not choose, forced, to show what the choice bought. */
  otherBackend: boolean;
  /**
   * The share of the bench's warm calls and warm-up calls this model gets (default 1): a model whose every call
   * takes ~100x the default model's would otherwise keep the bench busy for an hour (the plain baseline runs on cpu).
   */
  warmShare?: number;
}

const TWITTER = join(projectRoot, '__tests__', 'fixtures', 'real-models', 'twitter-sentiment-keras2');

/** A model of `examples/` (see `examples/make-examples.ts`): `model/`, `labels.json` and `spec.json` side by side. */
function exampleCase(name: string, title: string, otherBackend: boolean): ImportedCase {
  const dir = join(projectRoot, 'examples', name);
  return {
    id: name,
    title,
    model: join(dir, 'model'),
    labels: join(dir, 'labels.json'),
    input: join(dir, 'spec.json'),
    otherBackend,
  };
}

/** The imported models measured: a small example, a real converted model, a graph model. */
export const IMPORTED_CASES: readonly ImportedCase[] = [
  exampleCase('review-lstm', 'examples/review-lstm (Embedding 64x8 -> LSTM 8 -> Dense sigmoid)', true),
  {
    id: 'twitter-sentiment',
    title: 'real converted two-LSTM (twitter-sentiment-keras2: converter 4.20, Keras 2.14, 200 ids)',
    model: TWITTER,
    labels: join(TWITTER, 'label_encoder.json'),
    // What the fixture's SOURCE.md says its author used: Tokenizer(num_words=10000, oov_token="<OOV>").
    input: { kind: 'sequence', vocabulary: join(TWITTER, 'tokenizer.json'), oovToken: '<OOV>', numWords: 10000 },
    otherBackend: false,
    // 200 LSTM steps a call: ~30 ms on wasm, ~150 ms on the plain baseline's cpu backend (2 shared cores).
    warmShare: 1 / 50,
  },
  exampleCase('review-bag-graph', "examples/review-bag-graph (graph model, the converter's tf_saved_model form)", true),
];
