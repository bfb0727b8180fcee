/**
 * Recognises the most common imported text model in a layers topology (`model.json`'s `modelTopology`, any layout
 * `readKerasTopology` reads):
 *
 *   ids -> Embedding -> LSTM ... -> LSTM -> Dense ... -> Dense
 *
 * as a Sequential, or a Functional model that is the same single chain; Dropout and SpatialDropout1D anywhere (the
 * identity when predicting). Every LSTM but the last returns its sequence, the last only its final state. Anything
 * else (masking, a Bidirectional or GRU layer, an activation not listed here, stateful or backwards LSTMs...) gives
 * `undefined`, and the generic layers runtime serves the model with tfjs.
 */
import type { LayerSerialization } from '@tensorflow/tfjs-layers/dist/keras_format/layers/layer_serialization';
import { kerasTopologyOf } from '../../bundle/keras-topology';

/** Activations the runtime computes exactly as tfjs-layers does (its names; `hard_sigmoid` is tfjs's `0.2x + 0.5`). */
export const RECURRENT_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'hard_sigmoid', 'softmax'] as const;
export type RecurrentActivation = (typeof RECURRENT_ACTIVATIONS)[number];

export interface EmbeddingStep {
  /** Weight name of the table `[inputDim, outputDim]`. */
  table: string;
  inputDim: number;
  outputDim: number;
}

export interface LstmStep {
  kernel: string;
  recurrentKernel: string;
  bias: string | undefined;
  units: number;
  activation: RecurrentActivation;
  recurrentActivation: RecurrentActivation;
  /** Whether it hands every step's state to the next layer (all but the last LSTM). */
  returnSequences: boolean;
}

export interface DenseStep {
  kernel: string;
  bias: string | undefined;
  units: number;
  activation: RecurrentActivation;
}

export interface RecurrentPlan {
  embedding: EmbeddingStep;
  lstms: LstmStep[];
  dense: DenseStep[];
  /** Units of the last layer. */
  outputs: number;
}

/** Layers that only matter in training. */
const IDENTITY_LAYERS = new Set(['Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization']);

/**
 * Reads the plan of an Embedding -> LSTM -> Dense model, naming each weight as the weights manifest does.
 *
 * @param topology - `modelTopology` as stored
 * @param weightNames - every weight's name in the weights manifest
 * @returns the plan, or `undefined` when the model is not of this family (the layers runtime then serves it)
 */
export function recurrentPlan(topology: unknown, weightNames: readonly string[]): RecurrentPlan | undefined {
  try {
    return readPlan(topology, weightNames);
  } catch {
    return undefined;
  }
}

type Config = Record<string, unknown>;

function readPlan(topology: unknown, weightNames: readonly string[]): RecurrentPlan | undefined {
  const t = kerasTopologyOf(topology);
  if (!t) return undefined;
  const layers = chain(t.class_name, t.config.layers, t.config.input_layers, t.config.output_layers);
  if (!layers) return undefined;
  const served = layers.filter((layer) => !IDENTITY_LAYERS.has(layer.class_name) && layer.class_name !== 'InputLayer');
  const weightOf = (layer: LayerSerialization, suffix: string, optional = false): string | undefined => {
    const name = layerNameOf(layer);
    const found = weightNames.filter((w) => w.startsWith(`${name}/`) && w.split('/').at(-1) === suffix);
    if (found.length === 1) return found[0];
    if (found.length === 0 && optional) return undefined;
    throw new Error(`${name}: ${found.length} weights named ${suffix}`);
  };

  const [first, ...rest] = served;
  if (first?.class_name !== 'Embedding') return undefined;
  const e = first.config as Config;
  if (e.mask_zero === true || !isCount(e.input_dim) || !isCount(e.output_dim)) return undefined;
  const embedding: EmbeddingStep = { table: weightOf(first, 'embeddings')!, inputDim: e.input_dim, outputDim: e.output_dim };

  const lstms: LstmStep[] = [];
  let at = 0;
  for (; at < rest.length && rest[at]!.class_name === 'LSTM'; at++) {
    const layer = rest[at]!;
    const c = layer.config as Config;
    if (c.go_backwards === true || c.stateful === true || c.return_state === true || c.time_major === true) return undefined;
    const activation = activationOf(c.activation ?? 'tanh');
    const recurrentActivation = activationOf(c.recurrent_activation ?? 'hard_sigmoid');
    if (!isCount(c.units) || !activation || activation === 'softmax' || !recurrentActivation || recurrentActivation === 'softmax') return undefined;
    const useBias = c.use_bias !== false;
    lstms.push({
      kernel: weightOf(layer, 'kernel')!,
      recurrentKernel: weightOf(layer, 'recurrent_kernel')!,
      bias: useBias ? weightOf(layer, 'bias') : undefined,
      units: c.units,
      activation,
      recurrentActivation,
      returnSequences: c.return_sequences === true,
    });
  }
  if (lstms.length === 0) return undefined;
  // Every LSTM feeds the next one its whole sequence; the last hands the Dense layers its final state only.
  if (lstms.some((l, i) => l.returnSequences !== i < lstms.length - 1)) return undefined;

  const dense: DenseStep[] = [];
  for (; at < rest.length; at++) {
    const layer = rest[at]!;
    if (layer.class_name !== 'Dense') return undefined;
    const c = layer.config as Config;
    const activation = activationOf(c.activation ?? 'linear');
    if (!isCount(c.units) || !activation) return undefined;
    dense.push({ kernel: weightOf(layer, 'kernel')!, bias: c.use_bias !== false ? weightOf(layer, 'bias') : undefined, units: c.units, activation });
  }
  if (dense.length === 0) return undefined;
  // Softmax is over a row: only the last layer may have it (as the output kinds read it).
  if (dense.slice(0, -1).some((d) => d.activation === 'softmax')) return undefined;
  return { embedding, lstms, dense, outputs: dense.at(-1)!.units };
}

/**
 * The layers of a Sequential in order, or of a Functional model that is one chain from its one input to its one
 * output (each layer called once, on the layer before it); `undefined` for any other graph.
 */
function chain(className: string, layers: LayerSerialization[], inputLayers: unknown, outputLayers: unknown): LayerSerialization[] | undefined {
  if (className === 'Sequential') return layers;
  if (className !== 'Functional' && className !== 'Model') return undefined;
  const ins = inputLayers as [string, number, number][];
  const outs = outputLayers as [string, number, number][];
  if (ins.length !== 1 || outs.length !== 1) return undefined;
  const byName = new Map(layers.map((l) => [layerNameOf(l), l]));
  const ordered: LayerSerialization[] = [];
  let name: string | undefined = outs[0]![0];
  while (name !== undefined) {
    const layer = byName.get(name);
    if (!layer) return undefined;
    ordered.unshift(layer);
    const nodes = (layer as { inbound_nodes?: unknown[] }).inbound_nodes ?? [];
    if (name === ins[0]![0]) break;
    if (nodes.length !== 1) return undefined;
    name = inboundName(nodes[0]);
  }
  return ordered.length === layers.length ? ordered : undefined;
}

/** The one layer a node calls its layer on: Keras 2's `[[name, 0, 0, {}]]`, Keras 3's `{args: [{config: {keras_history: [name, ...]}}]}`. */
function inboundName(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    if (node.length !== 1 || !Array.isArray(node[0])) return undefined;
    return typeof node[0][0] === 'string' ? node[0][0] : undefined;
  }
  const args = (node as { args?: { config?: { keras_history?: unknown[] } }[] } | null)?.args;
  if (!Array.isArray(args) || args.length !== 1) return undefined;
  const history = args[0]?.config?.keras_history;
  return Array.isArray(history) && typeof history[0] === 'string' ? history[0] : undefined;
}

function layerNameOf(layer: LayerSerialization): string {
  return (layer as { name?: string }).name ?? layer.config?.name ?? layer.class_name;
}

function activationOf(value: unknown): RecurrentActivation | undefined {
  // Keras 3 may write an activation as a serialized object; only the plain names are read here.
  return typeof value === 'string' && (RECURRENT_ACTIVATIONS as readonly string[]).includes(value) ? (value as RecurrentActivation) : undefined;
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}
