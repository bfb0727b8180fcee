/**
 * The plain-tfjs Lambda the service is measured against: what a user writes to put a tfjs layers model behind a
 * Lambda with nothing else. The `@tensorflow/tfjs` umbrella package, `tf.loadLayersModel` through a file-reading
 * IOHandler (pure tfjs has no `file://` loader), and one `predict` per request on an all-zeros input of the
 * model's own input shapes. No preprocessing, no validation, no middleware, no logging.
 *
 * `MODEL_DIR` is the bundle directory; `PLAIN_SEQUENCE_LENGTH` fills unknown input dimensions (the batch is 1).
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const modelDir = process.env.MODEL_DIR ?? join(__dirname, 'model');
const sequenceLength = Number(process.env.PLAIN_SEQUENCE_LENGTH ?? 64);

const fromFiles: tf.io.IOHandler = {
  async load() {
    const modelJson = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const groups = modelJson.weightsManifest;
    const weights = Buffer.concat(groups.flatMap((group) => group.paths.map((path) => readFileSync(join(modelDir, path)))));
    return {
      modelTopology: modelJson.modelTopology,
      weightSpecs: groups.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    };
  },
};

const model = tf.loadLayersModel(fromFiles);

export const handler = async (): Promise<{ statusCode: number; body: string }> => {
  const loaded = await model;
  const output = tf.tidy(() => {
    const inputs = loaded.inputs.map((input) => tf.zeros(input.shape.map((d, i) => d ?? (i === 0 ? 1 : sequenceLength)), input.dtype));
    return loaded.predict(inputs) as tf.Tensor;
  });
  const scores = await output.data();
  output.dispose();
  return { statusCode: 200, body: JSON.stringify({ scores: Array.from(scores) }) };
};
