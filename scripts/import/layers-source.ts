import type { io } from '@tensorflow/tfjs-core';
import { applyKeras3Fixes } from '../../lib/model/bundle/keras3/fixes';
import { LAYOUT_DESCRIPTIONS, readKerasTopology } from '../../lib/model/bundle/keras-topology';
import { embeddingRows, inputShapes, layerClassNames, outputLayer } from '../../lib/model/bundle/topology';
import { outputKindOf, type OutputKind } from '../../lib/model/outputs/output';
import { tf } from '../../lib/model/tf/index';
import { UsageError } from '../training/errors';
import type { ModelSource } from './model-source';

/**
 * Reads a layers model.json in whichever layout it came and returns it in the one the bundle stores: the bare
 * topology tfjs `model.save` writes (the converter's `model_config` unwrapped, `training_config` dropped, a bare list
 * of layers given its Sequential config), with `format: "layers-model"` (pre-1.0 converters wrote none), the Keras 3
 * fixes applied.
 *
 * @param output - the output kind, forced (`--output`)
 * @throws UsageError naming the layout found: no Keras topology, no layers, a layer class tfjs cannot build
 */
export function layersSource(model: Partial<io.ModelJSON> & Record<string, unknown>, output?: OutputKind): ModelSource {
  const read = readKerasTopology(model.modelTopology);
  if ('refused' in read)
    throw new UsageError(
      `model.json: ${read.refused}; expected a Keras model as tensorflowjs_converter or tfjs model.save writes it`,
    );
  const { format: _format, modelTopology: _topology, ...rest } = model;
  const modelJson = { format: 'layers-model', ...rest, modelTopology: read.topology } as io.ModelJSON;
  const kerasFixes = applyKeras3Fixes(modelJson);
  const topology = modelJson.modelTopology;
  // Every refusal about the model names the layout it was read in.
  const where = `model.json (${LAYOUT_DESCRIPTIONS[read.layout]})`;
  const classes = layerClassNames(topology);
  if (classes.length === 0) throw new UsageError(`${where}: the topology lists no layers`);
  const known = tf.serialization.SerializationMap.getMap().classNameMap;
  const unknown = [...new Set(classes.filter((name) => !(name in known)))];
  if (unknown.length > 0) {
    throw new UsageError(
      `${where}: tfjs-layers ${tf.version_core} cannot build layer class ${unknown.join(', ')} (do that step outside the model, e.g. as the input spec)`,
    );
  }
  return {
    format: 'layers-model',
    modelJson,
    where,
    layout: read.layout,
    kerasFixes,
    parts: { count: classes.length, kind: 'layers' },
    inputShapes: inputShapes(topology),
    embeddingRows: embeddingRows(topology),
    outputKind(labels) {
      const last = outputLayer(topology);
      if (!last) return { refused: 'no output layer found' };
      // --output names what the last layer computes where its activation does not say (a custom or missing one).
      const activation = output === undefined ? last.activation : output === 'logits' ? 'linear' : output;
      return outputKindOf({ ...last, activation }, labels);
    },
  };
}
