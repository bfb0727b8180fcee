import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');
export const LSTM = join(EXAMPLES, 'review-lstm');
export const MLP = join(EXAMPLES, 'iris-mlp');
/** Graph models as tensorflowjs_converter --input_format=tf_saved_model writes them (`examples/make-graph-examples.ts`). */
export const IRIS_GRAPH = join(EXAMPLES, 'iris-graph');
export const REVIEW_BAG_GRAPH = join(EXAMPLES, 'review-bag-graph');
/** A real model converted by tensorflowjs_converter from Keras 2 (MIT; see its SOURCE.md and LICENSE). */
export const TWITTER = join(__dirname, '..', '..', 'fixtures', 'real-models', 'twitter-sentiment-keras2');

/**
 * The options that import an example as it is committed, served on cpu: a test process that loads the bundle has
 * usually selected cpu already (a process has one tfjs backend), and measuring both backends costs seconds. Tests of
 * the choice itself pass `backend`.
 */
export function exampleOptions(example: string, out: string) {
  return {
    model: join(example, 'model'),
    out,
    labels: join(example, 'labels.json'),
    input: join(example, 'spec.json'),
    backend: 'cpu' as const,
  };
}

/**
 * Copies an example's converted model (model.json + weights.bin) to `dir` and rewrites its model.json with `edit`.
 *
 * @returns the copy's directory
 */
export function editedModel(example: string, dir: string, edit: (modelJson: any) => void): string {
  cpSync(join(example, 'model'), dir, { recursive: true });
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  edit(modelJson);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  return dir;
}
