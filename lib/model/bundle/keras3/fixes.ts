/**
 * Keras 3 writes a few things in `model.json` in forms tfjs-layers 4.22 cannot read (tensorflow/tfjs issues 8328,
 * 8358, 8494). The import rewrites them once into the Keras 2 forms and records which it applied; serving then
 * reads an ordinary model.json.
 */
import type { io } from '@tensorflow/tfjs-core';
import type { LayerSerialization } from '@tensorflow/tfjs-layers/dist/keras_format/layers/layer_serialization';
import type { ModelSerialization, SequentialSerialization } from '@tensorflow/tfjs-layers/dist/keras_format/model_serialization';
import type { NodeConfig, TensorKeyWithArgsArray } from '@tensorflow/tfjs-layers/dist/keras_format/node_config';
import { kerasTopologyOf } from '../keras-topology';

/** Every rewrite the import knows, named as the manifest records them (`import.kerasFixes`). */
export const KERAS_FIXES = [
  /** InputLayer `batch_shape` -> `batch_input_shape` ("should be passed either a `batchInputShape` or an `inputShape`"). */
  'batch-shape',
  /** `dtype: {class_name: "DTypePolicy", config: {name}}` -> `dtype: name`. */
  'dtype-policy',
  /** `inbound_nodes: [{args: [keras tensors], kwargs}]` -> `[[[layer, node, tensor, {}], ...]]` ("expected array for nodeData"). */
  'inbound-nodes',
  /** `input_layers` / `output_layers` written as one flat `[layer, node, tensor]` -> a list of them. */
  'io-layers',
  /** Weight names prefixed with the model's name (`sequential/dense/kernel`) -> `dense/kernel` ("has no target variable"). */
  'weight-name-prefix',
] as const;
export type KerasFix = (typeof KERAS_FIXES)[number];

/** A layer in either Keras's 2 or 3 form, as read from JSON (Keras 3 fields are not in tfjs's types). */
type AnyLayer = LayerSerialization & { config: Record<string, unknown>; inbound_nodes?: unknown[] };
type Topology = (ModelSerialization | SequentialSerialization) & { config: { layers: AnyLayer[]; name?: string; input_layers?: unknown; output_layers?: unknown } };

/** A Keras 3 tensor reference inside `inbound_nodes[i].args`. */
interface KerasTensorRef {
  class_name: '__keras_tensor__';
  config: { keras_history: [string, number, number] };
}

/**
 * Applies every fix that the model needs, in place.
 *
 * @param modelJson - a parsed layers `model.json`
 * @returns the fixes applied (empty for a Keras 2 or tfjs-written model)
 * @example
 * const applied = applyKeras3Fixes(modelJson); // ['batch-shape', 'weight-name-prefix']
 */
export function applyKeras3Fixes(modelJson: io.ModelJSON): KerasFix[] {
  const topology = kerasTopologyOf(modelJson.modelTopology) as Topology | undefined;
  if (!topology) return [];
  const layers = topology.config.layers;
  const applied = new Set<KerasFix>();
  walk(topology, (node) => {
    if (isDtypePolicy(node.dtype)) {
      node.dtype = node.dtype.config.name;
      applied.add('dtype-policy');
    }
  });
  for (const layer of allLayers(layers)) {
    if (layer.config && 'batch_shape' in layer.config) {
      if (layer.config.batch_input_shape === undefined) (layer.config as Record<string, unknown>).batch_input_shape = layer.config.batch_shape;
      delete layer.config.batch_shape;
      applied.add('batch-shape');
    }
  }
  for (const layer of layers) {
    if (Array.isArray(layer.inbound_nodes) && layer.inbound_nodes.some(isKeras3Node)) {
      layer.inbound_nodes = layer.inbound_nodes.map((node) => (isKeras3Node(node) ? toNodeConfig(node) : node));
      applied.add('inbound-nodes');
    }
  }
  for (const key of ['input_layers', 'output_layers'] as const) {
    const entry = (topology.config as Record<string, unknown>)[key];
    if (Array.isArray(entry) && typeof entry[0] === 'string') {
      (topology.config as Record<string, unknown>)[key] = [entry];
      applied.add('io-layers');
    }
  }
  if (stripWeightPrefix(modelJson, layers)) applied.add('weight-name-prefix');
  return KERAS_FIXES.filter((fix) => applied.has(fix));
}

/** Layers and the layers wrapped inside them (Bidirectional, TimeDistributed). */
function allLayers(layers: AnyLayer[]): AnyLayer[] {
  const out: AnyLayer[] = [];
  const visit = (layer: AnyLayer) => {
    out.push(layer);
    const inner = layer.config?.layer as AnyLayer | undefined;
    if (inner && typeof inner === 'object' && 'class_name' in inner) visit(inner);
  };
  layers.forEach(visit);
  return out;
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

function isDtypePolicy(v: unknown): v is { config: { name: string } } {
  const p = v as { class_name?: unknown; config?: { name?: unknown } } | null;
  return typeof p === 'object' && p !== null && typeof p.class_name === 'string' && /DTypePolicy$/.test(p.class_name) && typeof p.config?.name === 'string';
}

function isKeras3Node(node: unknown): node is { args: unknown[]; kwargs?: unknown } {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Array.isArray((node as { args?: unknown }).args);
}

function toNodeConfig(node: { args: unknown[] }): NodeConfig {
  const inbound: TensorKeyWithArgsArray[] = [];
  walk(node.args, (value) => {
    if (value.class_name === '__keras_tensor__') {
      const [layer, nodeIndex, tensorIndex] = (value as unknown as KerasTensorRef).config.keras_history;
      inbound.push([layer, nodeIndex, tensorIndex, {}]);
    }
  });
  return inbound;
}

/**
 * Strips the first segment of weight names only where that is what makes them name a layer: a weight whose first
 * segment is a layer keeps its name, so converters that never added the prefix are left alone.
 */
function stripWeightPrefix(modelJson: io.ModelJSON, layers: AnyLayer[]): boolean {
  const layerNames = new Set(allLayers(layers).map((l) => l.config?.name ?? (l as { name?: string }).name).filter((n): n is string => typeof n === 'string'));
  for (const layer of layers) if (typeof (layer as { name?: unknown }).name === 'string') layerNames.add((layer as { name: string }).name);
  const names = (modelJson.weightsManifest ?? []).flatMap((group) => group.weights);
  const head = (name: string) => name.split('/')[0]!;
  const mismatched = names.filter((w) => !layerNames.has(head(w.name)));
  if (mismatched.length === 0) return false;
  const fixable = mismatched.every((w) => w.name.includes('/') && layerNames.has(head(w.name.slice(w.name.indexOf('/') + 1))));
  if (!fixable) return false;
  for (const w of mismatched) w.name = w.name.slice(w.name.indexOf('/') + 1);
  return true;
}
