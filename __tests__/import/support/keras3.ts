/**
 * Rewrites a tfjs-written model.json into the forms Keras 3 (and the converters that read it) write, one form at a
 * time, as tensorflow/tfjs issues 8328, 8358 and 8494 describe them. Written for these tests from those reports.
 */

type Json = any;

const policy = (name: string) => ({
  module: 'keras',
  class_name: 'DTypePolicy',
  config: { name },
  registered_name: null,
});

/** InputLayer with `batch_shape`; a Sequential gets an explicit InputLayer first, as Keras 3 writes it. */
export function toKeras3BatchShape(modelJson: Json): void {
  const { modelTopology: t } = modelJson;
  if (t.class_name === 'Sequential') {
    const first = t.config.layers[0];
    const shape = first.config.batch_input_shape;
    delete first.config.batch_input_shape;
    t.config.layers.unshift({
      class_name: 'InputLayer',
      config: { batch_shape: shape, dtype: 'float32', sparse: false, name: 'input_layer' },
    });
  } else {
    for (const layer of t.config.layers) {
      if (layer.class_name !== 'InputLayer') continue;
      layer.config.batch_shape = layer.config.batch_input_shape;
      delete layer.config.batch_input_shape;
    }
  }
}

/** Every layer's `dtype` as a DTypePolicy object. */
export function toKeras3DtypePolicy(modelJson: Json): void {
  for (const layer of modelJson.modelTopology.config.layers)
    layer.config.dtype = policy(layer.config.dtype ?? 'float32');
}

/** Weight names prefixed with the model's name (`iris_mlp/hidden/kernel`). */
export function toKeras3WeightNames(modelJson: Json): void {
  const prefix = modelJson.modelTopology.config.name;
  for (const group of modelJson.weightsManifest)
    for (const weight of group.weights) weight.name = `${prefix}/${weight.name}`;
}

/** Functional `inbound_nodes` as `[{args: [keras tensors], kwargs: {}}]`. */
export function toKeras3InboundNodes(modelJson: Json): void {
  for (const layer of modelJson.modelTopology.config.layers) {
    layer.inbound_nodes = layer.inbound_nodes.map((node: [string, number, number, object][]) => {
      const tensors = node.map(([name, nodeIndex, tensorIndex]) => ({
        class_name: '__keras_tensor__',
        config: { shape: [null, 4], dtype: 'float32', keras_history: [name, nodeIndex, tensorIndex] },
      }));
      return { args: tensors.length === 1 ? tensors : [tensors], kwargs: {} };
    });
  }
}
