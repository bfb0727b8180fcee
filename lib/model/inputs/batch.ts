/**
 * What every input kind hands every runtime: the model's inputs for a batch of rows, as flat typed arrays in the
 * model's input order. Neither side knows the other: an input kind does not know which runtime runs the model, and
 * a runtime does not know whether the numbers came from text or from features.
 */

/** One model input for the whole batch, row-major. */
export interface InputTensor {
  /** The model's input name (`InputLayer` name), for messages. */
  name: string;
  dtype: 'int32' | 'float32';
  /** `[rows, ...]`; the product of the dimensions is `values.length`. */
  shape: number[];
  values: Int32Array | Float32Array;
}

/** The inputs of one prediction over `rows` rows. */
export interface ModelBatch {
  rows: number;
  /** In the model's input order. */
  inputs: InputTensor[];
}
