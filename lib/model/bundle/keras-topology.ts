/**
 * The one reader of a layers `model.json`'s `modelTopology`, in every layout `tf.loadLayersModel` accepts. It mirrors
 * tfjs-layers' own unwrapping (`models.ts`: `model_config` is taken when present; `Sequential.fromConfig`: `config`
 * may be the bare list of layers), so whatever tfjs can build, every check of ours sees the same layers.
 */
import type { LayerSerialization } from '@tensorflow/tfjs-layers/dist/keras_format/layers/layer_serialization';
import type { ModelSerialization, SequentialSerialization } from '@tensorflow/tfjs-layers/dist/keras_format/model_serialization';

/**
 * The layouts, named as the manifest records them (`import.layout`):
 * - `converter`: what `tensorflowjs_converter --input_format=keras` writes, every version, Keras 2 and 3:
 *   `{keras_version, backend, model_config: {class_name, config}, training_config}`;
 * - `converter-legacy-list`: the same wrapper from converters before 1.0 (Keras 2.0-2.2), whose Sequential `config`
 *   is the bare list of layers;
 * - `model-save`: the bare `{class_name, config}` that tfjs `model.save` (tfjs-layers, tfjs-node) and Keras
 *   `model.to_json()` write;
 * - `legacy-list`: a bare Sequential whose `config` is the list of layers.
 */
export const TOPOLOGY_LAYOUTS = ['converter', 'converter-legacy-list', 'model-save', 'legacy-list'] as const;
export type TopologyLayout = (typeof TOPOLOGY_LAYOUTS)[number];

/** What each layout is, in the words a refusal uses. */
export const LAYOUT_DESCRIPTIONS: Readonly<Record<TopologyLayout, string>> = {
  converter: "tensorflowjs_converter's model_config wrapper",
  'converter-legacy-list': "a pre-1.0 tensorflowjs_converter's model_config wrapper around a Sequential list of layers",
  'model-save': "tfjs model.save's bare topology",
  'legacy-list': 'a Sequential whose config is a bare list of layers',
};

/** A topology in the one form our checks read: a class and a config with its `layers` (never a bare list). */
export type KerasTopology = (ModelSerialization | SequentialSerialization) & {
  class_name: string;
  config: { name?: string; layers: LayerSerialization[]; input_layers?: unknown; output_layers?: unknown };
};

/** A topology as read, with the layout it came in. */
export interface ReadTopology {
  layout: TopologyLayout;
  /**
   * The model's own topology. Its layers are the very objects of the parsed JSON (fixes applied to them change the
   * original); only a bare list gets a new `{class_name: 'Sequential', config: {layers}}` around it.
   */
  topology: KerasTopology;
}

/**
 * Reads `modelTopology` in any layout tfjs-layers accepts.
 *
 * @returns the topology and its layout, or `{ refused }`: a sentence saying what was found instead
 * @example
 * readKerasTopology({ keras_version: '2.14.0', model_config: { class_name: 'Sequential', config: { layers: [] } } });
 * // { layout: 'converter', topology: { class_name: 'Sequential', config: { layers: [] } } }
 */
export function readKerasTopology(modelTopology: unknown): ReadTopology | { refused: string } {
  if (!isObject(modelTopology)) return { refused: `modelTopology is ${describe(modelTopology)}, not an object` };
  const wrapped = modelTopology.model_config !== undefined && modelTopology.model_config !== null;
  const model = wrapped ? modelTopology.model_config : modelTopology;
  const where = wrapped ? "modelTopology.model_config (tensorflowjs_converter's wrapper)" : 'modelTopology';
  if (!isObject(model)) return { refused: `${where} is ${describe(model)}, not a model` };
  if (typeof model.class_name !== 'string') {
    const keys = Object.keys(model).slice(0, 6).join(', ') || 'no keys';
    return { refused: `${where} has no class_name (found ${keys}): not a Keras model topology` };
  }
  const config = model.config;
  if (Array.isArray(config)) {
    if (model.class_name !== 'Sequential') return { refused: `${where} is a ${model.class_name} whose config is a list; only a Sequential may list its layers bare` };
    const topology = { class_name: 'Sequential', config: { layers: config as LayerSerialization[] } } as KerasTopology;
    return { layout: wrapped ? 'converter-legacy-list' : 'legacy-list', topology };
  }
  if (!isObject(config) || !Array.isArray(config.layers)) {
    return { refused: `${where} is a ${model.class_name} with no list of layers in its config` };
  }
  return { layout: wrapped ? 'converter' : 'model-save', topology: model as unknown as KerasTopology };
}

/** {@link readKerasTopology}'s topology, or `undefined` for one it refuses (for checks that report on their own). */
export function kerasTopologyOf(modelTopology: unknown): KerasTopology | undefined {
  const read = readKerasTopology(modelTopology);
  return 'topology' in read ? read.topology : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? 'a string' : `${typeof v}`;
}
