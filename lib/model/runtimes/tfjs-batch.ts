import type { ModelBatch } from '../inputs/batch';
import type { tf as Tf } from '../tf/core';

/**
 * Runs a tfjs model once on a batch, as both tfjs runtimes do: each prepared input becomes a tensor of the dtype the
 * model declares for it (ids prepared as int32 go to a float input cast), the model's output is read back as float32,
 * and every tensor made on the way is freed (`tf.tidy`, then the output itself).
 *
 * @param wanted - the dtype of each of the model's inputs, in order
 * @param predict - the model's own call (`predict`, `execute`) on the input tensors
 * @returns row-major `[batch.rows, outputs]`
 * @throws Error when the batch has another number of inputs than the model
 */
export function runTfjsBatch(tf: typeof Tf, batch: ModelBatch, wanted: readonly Tf.DataType[], predict: (inputs: Tf.Tensor[]) => Tf.Tensor): Float32Array {
  if (batch.inputs.length !== wanted.length) throw new Error(`the model takes ${wanted.length} inputs; ${batch.inputs.length} were prepared`);
  const output = tf.tidy(() => {
    const tensors = batch.inputs.map((input, i) => {
      const tensor = tf.tensor(input.values, input.shape, input.dtype);
      return wanted[i] === input.dtype ? tensor : tf.cast(tensor, wanted[i]!);
    });
    const predicted = predict(tensors);
    return predicted.dtype === 'float32' ? predicted : tf.cast(predicted, 'float32');
  });
  try {
    return output.dataSync() as Float32Array;
  } finally {
    output.dispose();
  }
}
