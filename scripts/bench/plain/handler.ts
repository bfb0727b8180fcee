/**
 * The plain-tfjs Lambda the service is measured against: what a user writes to put a tfjs model behind a Lambda with
 * nothing else. The `@tensorflow/tfjs` umbrella package, a file-reading IOHandler (pure tfjs has no `file://`
 * loader), `tf.loadLayersModel` (or `tf.loadGraphModel` when `model.json` says `"format": "graph-model"`, as the
 * converter writes for a SavedModel), and one `predict` (a graph: `execute`) per request on an all-zeros input of the
 * model's own input shapes and dtypes. No preprocessing, no validation, no middleware, no logging.
 *
 * `MODEL_DIR` is the bundle directory; `PLAIN_SEQUENCE_LENGTH` fills unknown input dimensions (the batch is 1).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const modelDir = process.env.MODEL_DIR ?? join(__dirname, 'model');
const sequenceLength = Number(process.env.PLAIN_SEQUENCE_LENGTH ?? 64);

const modelJson = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as tf.io.ModelJSON;

const fromFiles: tf.io.IOHandler = {
  async load() {
    const groups = modelJson.weightsManifest;
    const weights = Buffer.concat(
      groups.flatMap((group) => group.paths.map((path) => readFileSync(join(modelDir, path)))),
    );
    const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
    return tf.io.getModelArtifactsForJSONSync(
      modelJson,
      groups.flatMap((group) => group.weights),
      weightData,
    );
  },
};

/** A shape with its unknown dimensions filled: 1 for the batch, the sequence length elsewhere. */
const known = (shape: readonly (number | null | undefined)[]) =>
  shape.map((d, i) => (d == null || d < 0 ? (i === 0 ? 1 : sequenceLength) : d));

/** One prediction on zeros, whichever kind of model it is (the tensors are disposed by the caller's tidy). */
const predictor: Promise<() => tf.Tensor> =
  modelJson.format === 'graph-model'
    ? tf
        .loadGraphModel(fromFiles)
        .then(
          (model) => () =>
            model.execute(model.inputs.map((input) => tf.zeros(known(input.shape ?? []), input.dtype))) as tf.Tensor,
        )
    : tf
        .loadLayersModel(fromFiles)
        .then(
          (model) => () =>
            model.predict(model.inputs.map((input) => tf.zeros(known(input.shape), input.dtype))) as tf.Tensor,
        );

export const handler = async (): Promise<{ statusCode: number; body: string }> => {
  const predict = await predictor;
  const output = tf.tidy(predict);
  const scores = await output.data();
  output.dispose();
  return { statusCode: 200, body: JSON.stringify({ scores: Array.from(scores) }) };
};
