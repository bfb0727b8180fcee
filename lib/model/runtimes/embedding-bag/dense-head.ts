import type { DenseActivation } from './plan';
import { tf } from '../../tf/core';

/** One Dense layer of the model's head, its weights held as tensors for the life of the classifier. */
export interface DenseLayer {
  /** `[inputs, units]`, as tfjs-layers stores a Dense kernel. */
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D | undefined;
  activation: DenseActivation;
}

/**
 * Runs the model's dense layers through tfjs on a whole `[rows, width]` block: one fused matMul + bias (+ relu)
 * kernel per layer, then the layer's activation, all inside `tf.tidy` so no intermediate tensor outlives the call.
 *
 * @param input - row-major `[rows, width of the first layer's kernel]`
 * @param rows - how many rows (texts)
 * @param layers - the layers, in order
 * @returns row-major `[rows, last layer's units]`, read back from tfjs
 */
export function runDenseLayers(input: Float32Array, rows: number, layers: readonly DenseLayer[]): Float32Array {
  return runAveragedHeads([input], rows, [layers]);
}

/**
 * Runs several heads, each on its own `[rows, width]` input, and averages their outputs (sum in order, then scale, as
 * tfjs-layers' `Average` does), in one `tf.tidy` with one read-back: an ensemble costs one tfjs round trip, not one
 * per member. One head is {@link runDenseLayers}.
 *
 * @param inputs - one row-major `[rows, width]` block per head
 * @returns row-major `[rows, units of the heads' last layer]`
 */
export function runAveragedHeads(inputs: readonly Float32Array[], rows: number, heads: readonly (readonly DenseLayer[])[]): Float32Array {
  const output = tf.tidy(() => {
    const outputs = heads.map((layers, h) => {
      let x = tf.tensor2d(inputs[h]!, [rows, inputs[h]!.length / rows]);
      for (const { kernel, bias, activation } of layers) {
        if (activation === 'relu' || activation === 'linear') {
          x = tf.fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
        } else {
          x = activate(tf.fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D, activation);
        }
      }
      return x;
    });
    if (outputs.length === 1) return outputs[0]!;
    let sum = outputs[0]!;
    for (const x of outputs.slice(1)) sum = tf.add(sum, x);
    return tf.mul(sum, 1 / outputs.length);
  });
  try {
    return output.dataSync() as Float32Array;
  } finally {
    output.dispose();
  }
}

function activate(x: tf.Tensor2D, activation: Exclude<DenseActivation, 'relu' | 'linear'>): tf.Tensor2D {
  switch (activation) {
    case 'softmax':
      return tf.softmax(x) as tf.Tensor2D;
    case 'sigmoid':
      return tf.sigmoid(x) as tf.Tensor2D;
    case 'tanh':
      return tf.tanh(x) as tf.Tensor2D;
  }
}
