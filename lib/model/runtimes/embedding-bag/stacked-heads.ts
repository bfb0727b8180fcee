import type { DenseLayer } from './dense-head';
import { tf } from '../../tf/core';

/**
 * The heads of an ensemble whose members are all one softmax Dense layer of the same shape (what the trainer
 * writes), stacked so the whole ensemble's head is one batched matMul and one softmax: two tfjs kernels per request
 * however many members there are, where running the heads one by one costs three per member. The bias is the last
 * row of each member's kernel (its pooled vector gets a constant 1), because tfjs's cpu add with broadcasting is
 * slower than the product itself.
 */
export interface StackedHeads {
  /** `[members, width + 1, units]`: each member's kernel with its bias as the last row. */
  kernel: tf.Tensor3D;
}

/**
 * Stacks the heads when every one is a single softmax Dense layer with a bias and the same shape; otherwise
 * `undefined` (the heads then run one by one). The caller keeps owning the given tensors.
 */
export function stackHeads(heads: readonly (readonly DenseLayer[])[]): StackedHeads | undefined {
  if (heads.length < 2) return undefined;
  const layers = heads.map((head) => (head.length === 1 ? head[0] : undefined));
  const shape = layers[0]?.kernel.shape.join();
  const stackable = (l: DenseLayer | undefined): l is DenseLayer => l?.activation === 'softmax' && l.bias !== undefined && l.kernel.shape.join() === shape;
  if (!layers.every(stackable)) return undefined;
  const units = layers[0]!.kernel.shape[1];
  return { kernel: tf.tidy(() => tf.stack(layers.map((l) => tf.concat([l!.kernel, tf.reshape(l!.bias!, [1, units])], 0))) as tf.Tensor3D) };
}

/**
 * Runs stacked heads on the members' pooled vectors and averages their softmax outputs (summed in member order, then
 * scaled, as tfjs-layers' `Average` does).
 *
 * @param pooled - one row-major `[rows, width]` block per member
 * @returns row-major `[rows, units]`
 */
export function runStackedHeads(pooled: readonly Float32Array[], rows: number, heads: StackedHeads): Float32Array {
  const [members, inputs, units] = heads.kernel.shape;
  const width = inputs - 1;
  const x = new Float32Array(members * rows * inputs);
  pooled.forEach((block, m) => {
    for (let r = 0; r < rows; r++) {
      const at = (m * rows + r) * inputs;
      x.set(block.subarray(r * width, (r + 1) * width), at);
      x[at + width] = 1;
    }
  });
  const output = tf.tidy(() => tf.softmax(tf.matMul(tf.tensor3d(x, [members, rows, inputs]), heads.kernel)));
  let probs: Float32Array;
  try {
    probs = output.dataSync() as Float32Array;
  } finally {
    output.dispose();
  }
  const size = rows * units;
  const mean = probs.slice(0, size);
  for (let m = 1; m < members; m++) for (let i = 0; i < size; i++) mean[i]! += probs[m * size + i]!;
  for (let i = 0; i < size; i++) mean[i]! *= 1 / members;
  return mean;
}
