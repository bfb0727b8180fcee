/**
 * The references an import is held to: tfjs's own answer on the original files (tfjs-layers' `predict` for a layers
 * model in any layout, tfjs-converter's `execute` for a graph), and the served classifier's scores in label order.
 */
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { diskReader, fsModelHandler } from '../../../lib/model/bundle/fs-io-handler';
import { loadClassifier } from '../../../lib/model/load-classifier';
import { tf, tfl } from '../../../lib/model/tf/index';
import type { ClassifierInput } from '../../../lib/model/types';

/** tfjs-layers' own predictions on a model directory as it is (tfjs unwraps every layout itself). */
export async function tfjsPredict(
  modelDir: string,
  rows: number[][],
  dtype: 'int32' | 'float32' = 'float32',
): Promise<number[][]> {
  const model = await tfl.loadLayersModel(fsModelHandler('model.json', diskReader(modelDir)));
  try {
    return tf.tidy(() => model.predict(tf.tensor2d(rows, undefined, dtype)) as tf.Tensor).arraySync() as number[][];
  } finally {
    model.dispose();
  }
}

/** tfjs-converter's own answer on a graph model directory. */
export async function tfjsExecuteGraph(
  modelDir: string,
  rows: number[][],
  dtype: 'int32' | 'float32',
): Promise<number[][]> {
  const model = await loadGraphModel(fsModelHandler('model.json', diskReader(modelDir)));
  try {
    return tf.tidy(() => model.execute(tf.tensor2d(rows, undefined, dtype)) as tf.Tensor).arraySync() as number[][];
  } finally {
    model.dispose();
  }
}

/** The served probabilities of each input, in the bundle's label order. */
export async function servedScores(bundle: string, inputs: ClassifierInput[]): Promise<number[][]> {
  const classifier = await loadClassifier(bundle);
  try {
    const labels = classifier.info.labels;
    return classifier
      .classify(inputs, labels.length)
      .map((p) => labels.map((l) => p.top.find((t) => t.label === l)!.score));
  } finally {
    classifier.dispose();
  }
}

/** A single sigmoid unit's p as the service answers it: [1 - p, p]. */
export const sigmoidPairs = (rows: number[][]): number[][] => rows.map(([p]) => [1 - p!, p!]);

/** Every score within `tolerance` of the reference's. */
export function expectClose(got: number[][], want: number[][], tolerance = 1e-5): void {
  expect(got).toHaveLength(want.length);
  got.forEach((row, r) => row.forEach((v, j) => expect(Math.abs(v - want[r]![j]!)).toBeLessThan(tolerance)));
}
