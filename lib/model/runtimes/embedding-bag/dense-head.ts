import type { DenseActivation } from './plan';
import { fused, sigmoid, softmax, tanh, tensor2d, tidy, type tf } from '../../tf/core';

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
  const output = tidy(() => {
    let x = tensor2d(input, [rows, input.length / rows]);
    for (const { kernel, bias, activation } of layers) {
      if (activation === 'relu' || activation === 'linear') {
        x = fused.matMul({ a: x, b: kernel, bias, activation }) as tf.Tensor2D;
      } else {
        x = activate(fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D, activation);
      }
    }
    return x;
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
      return softmax(x) as tf.Tensor2D;
    case 'sigmoid':
      return sigmoid(x) as tf.Tensor2D;
    case 'tanh':
      return tanh(x) as tf.Tensor2D;
  }
}
