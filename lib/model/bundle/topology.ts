/**
 * Reading a layers `model.json` topology without tfjs: its layers, input shapes, Embedding rows and last layer.
 * Each takes `modelTopology` as stored, in any layout tfjs accepts, and reads it through `readKerasTopology`.
 * Typed with tfjs-layers' own Keras format types (type-only imports: nothing of tfjs-layers is bundled).
 */
import type { LayerSerialization } from '@tensorflow/tfjs-layers/dist/keras_format/layers/layer_serialization';
import type { ModelSerialization } from '@tensorflow/tfjs-layers/dist/keras_format/model_serialization';
import { kerasTopologyOf } from './keras-topology';

/** The layers of a topology in order (`[]` when it has none, or it is not a Keras topology). */
export function topologyLayers(modelTopology: unknown): LayerSerialization[] {
  return kerasTopologyOf(modelTopology)?.config.layers ?? [];
}

function layerName(layer: LayerSerialization): string {
  return (layer as { name?: string }).name ?? layer.config?.name ?? layer.class_name;
}

/** Every layer class named in the topology, wrapped layers (Bidirectional, TimeDistributed) included. */
export function layerClassNames(modelTopology: unknown): string[] {
  const names: string[] = [];
  const visit = (layer: unknown) => {
    const l = layer as { class_name?: unknown; config?: { layer?: unknown } } | null;
    if (typeof l?.class_name !== 'string') return;
    names.push(l.class_name);
    if (l.config?.layer) visit(l.config.layer);
  };
  topologyLayers(modelTopology).forEach(visit);
  return names;
}

/** The batch input shapes of the model's inputs, in order (`null` dimensions are free). */
export function inputShapes(modelTopology: unknown): (number | null)[][] {
  const t = kerasTopologyOf(modelTopology);
  const layers = t?.config.layers ?? [];
  const shapeOf = (layer: LayerSerialization | undefined): (number | null)[] | undefined => {
    const c = layer?.config as { batch_input_shape?: (number | null)[]; input_shape?: (number | null)[] } | undefined;
    return c?.batch_input_shape ?? (c?.input_shape ? [null, ...c.input_shape] : undefined);
  };
  if (t?.class_name === 'Sequential') {
    const first = shapeOf(layers[0]);
    return first ? [first] : [];
  }
  const inputNames = ((t as ModelSerialization | null)?.config?.input_layers ?? []).map((entry) => entry[0]);
  return inputNames.map((name) => shapeOf(layers.find((l) => layerName(l) === name)) ?? []);
}

/** The fewest rows of any Embedding layer (ids must stay below it), or `undefined` without one. */
export function embeddingRows(modelTopology: unknown): number | undefined {
  const rows = topologyLayers(modelTopology)
    .filter((layer) => layer.class_name === 'Embedding')
    .map((layer) => (layer.config as { input_dim?: unknown }).input_dim)
    .filter((n): n is number => typeof n === 'number');
  return rows.length > 0 ? Math.min(...rows) : undefined;
}

/** The layer that makes the model's output: the last of a Sequential, the one output layer of a Functional model. */
export function outputLayer(modelTopology: unknown): { name: string; className: string; activation: unknown; units: number | undefined } | undefined {
  const t = kerasTopologyOf(modelTopology);
  const layers = t?.config.layers ?? [];
  const outputs = t?.class_name === 'Sequential' ? undefined : (t as ModelSerialization | null)?.config?.output_layers;
  const layer = outputs ? layers.find((l) => layerName(l) === outputs[0]?.[0]) : layers.at(-1);
  if (!layer) return undefined;
  const config = layer.config as { activation?: unknown; units?: unknown };
  const activation = layer.class_name === 'Softmax' ? 'softmax' : config.activation;
  return { name: layerName(layer), className: layer.class_name, activation, units: typeof config.units === 'number' ? config.units : undefined };
}
