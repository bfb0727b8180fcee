import type { ModelBatch } from '../batch';
import { InputMismatchError, InputValueError, type InputPreparer } from '../preparer';
import { readFeatures } from './read';
import type { FeaturesInput } from './spec';

/**
 * The `features` input kind: each input (named values or values in order) becomes one float32 row
 * `(x - mean) / scale`, one input `[rows, names.length]`. A value that does not stay finite in float32 is refused
 * ({@link InputValueError}), never handed to the model as Infinity.
 *
 * @example
 * const batch = featuresPreparer({ kind: 'features', names: ['a', 'b'], mean: [1, 0], scale: [2, 1] }).prepare([{ a: 3, b: 4 }]);
 * batch.inputs[0].values; // Float32Array [1, 4]
 */
export function featuresPreparer(input: FeaturesInput, inputName = 'input'): InputPreparer {
  const width = input.names.length;
  return {
    info: { kind: 'features', features: [...input.names] },
    prepare(inputs): ModelBatch {
      const values = new Float32Array(inputs.length * width);
      inputs.forEach((item, row) => {
        if (typeof item === 'string') throw new InputMismatchError('this model classifies features, not texts');
        const read = readFeatures(item, input.names);
        if ('issues' in read) throw new InputMismatchError(`features ${read.issues[0]!.path}: ${read.issues[0]!.message}`);
        for (let j = 0; j < width; j++) {
          const at = row * width + j;
          values[at] = (read.values[j]! - (input.mean?.[j] ?? 0)) / (input.scale?.[j] ?? 1);
          if (!Number.isFinite(values[at]!)) {
            throw new InputValueError(row, { index: j, name: input.names[j]! }, `is too large in magnitude for this model: standardised it is ${values[at]} in float32`);
          }
        }
      });
      return { rows: inputs.length, inputs: [{ name: inputName, dtype: 'float32', shape: [inputs.length, width], values }] };
    },
  };
}
