/**
 * The layouts in which tools other than tfjs-layers write a layers `model.json`, made from a tfjs-written example so
 * that tfjs's own predictions on the example are the reference. Each follows what the named tool writes, from its
 * source (tfjs-converter `python/tensorflowjs/converters/keras_h5_conversion.py`: `h5_merged_saved_model_to_tfjs_format`
 * and `write_artifacts`) and from real converted models (`__tests__/fixtures/real-models/`).
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { editedModel } from './examples';

type Json = any;

/** What Keras 2.14's `model.get_config()` adds before the first layer of a Sequential: an explicit InputLayer. */
function withInputLayer(topology: Json): void {
  const layers = topology.config.layers;
  if (layers[0].class_name === 'InputLayer') return;
  const shape = layers[0].config.batch_input_shape;
  layers.unshift({
    class_name: 'InputLayer',
    config: {
      batch_input_shape: shape,
      dtype: 'float32',
      sparse: false,
      ragged: false,
      name: `${layers[0].config.name}_input`,
    },
  });
}

/** `training_config` as Keras 2 writes it into the h5 file; the converter copies it and tfjs ignores it. */
const TRAINING_CONFIG = {
  loss: 'binary_crossentropy',
  metrics: [
    [{ class_name: 'MeanMetricWrapper', config: { name: 'accuracy', dtype: 'float32', fn: 'binary_accuracy' } }],
  ],
  weighted_metrics: null,
  loss_weights: null,
  optimizer_config: {
    class_name: 'Custom>Adam',
    config: { name: 'Adam', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
  },
};

/**
 * `tensorflowjs_converter --input_format=keras` 4.x on a Keras 2 `.h5`: `modelTopology` is
 * `{keras_version, backend, model_config, training_config}`, and the model.json names the Keras version that made it.
 */
export function converterModel(
  example: string,
  dir: string,
  edit: (modelJson: Json) => void = () => undefined,
): string {
  return editedModel(example, dir, (m) => {
    const { keras_version: _k, backend: _b, ...modelConfig } = m.modelTopology;
    if (modelConfig.class_name === 'Sequential') withInputLayer(modelConfig);
    // Keras 2.4+ names a functional model's class Functional; tfjs-layers registers both names.
    if (modelConfig.class_name === 'Model') modelConfig.class_name = 'Functional';
    m.generatedBy = 'keras v2.14.0';
    m.convertedBy = 'TensorFlow.js Converter v4.20.0';
    m.modelTopology = {
      keras_version: '2.14.0',
      backend: 'tensorflow',
      model_config: modelConfig,
      training_config: TRAINING_CONFIG,
    };
    edit(m);
  });
}

/**
 * A tensorflowjs_converter before 1.0 (Keras 2.0-2.2): no `format`, `generatedBy` or `convertedBy`; a Sequential's
 * `config` is the bare list of layers, the first carrying `batch_input_shape` with no InputLayer; shards named
 * `group1-shard1of1`, without `.bin`.
 */
export function legacyConverterModel(example: string, dir: string): string {
  editedModel(example, dir, (m) => {
    const layers = m.modelTopology.config.layers;
    for (const group of m.weightsManifest)
      group.paths = group.paths.map((_: string, i: number) => `group1-shard${i + 1}of${group.paths.length}`);
    m.modelTopology = {
      keras_version: '2.1.6',
      backend: 'tensorflow',
      model_config: { class_name: 'Sequential', config: layers },
      training_config: TRAINING_CONFIG,
    };
    delete m.format;
    delete m.generatedBy;
    delete m.convertedBy;
  });
  renameSync(join(dir, 'weights.bin'), join(dir, 'group1-shard1of1'));
  return dir;
}
