/**
 * Recognises the trainer's model family in a tfjs layers topology (`model.json`'s `modelTopology`):
 *
 *   ids -> Embedding ┐
 *   weights ─────────┴-> Dot(axes 1) -> [Dropout] -> Dense ... -> Dense
 *
 * and says which weights the served classifier needs (see `classifier.ts`). Anything else (another
 * architecture, an unknown activation, a branch) gives `undefined`, and `loadClassifier` refuses the bundle with
 * a clear reason (the trainer only writes this family).
 */

/** Activations the served classifier implements; the names are Keras/tfjs-layers' own. */
export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';
const ACTIVATIONS: readonly string[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];

export interface DenseStep {
  /** Weight names in the weights manifest. */
  kernel: string;
  bias: string | undefined;
  units: number;
  activation: DenseActivation;
}

export interface EmbeddingBagPlan {
  /** Name of the embedding table in the weights manifest. */
  embedding: string;
  /** Rows of the embedding table (ids `0 .. inputDim - 1`). */
  inputDim: number;
  outputDim: number;
  /** The dense layers after the pooling, in order (dropout is the identity when predicting, so it is skipped). */
  head: DenseStep[];
}

interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  /** `[[[inboundLayer, nodeIndex, tensorIndex, kwargs], ...]]`: one call of the layer, listing its inputs. */
  inbound_nodes: [string, number, number, unknown][][];
}

/**
 * Reads the plan of an embedding-bag model from its layers topology.
 *
 * @param topology - `modelTopology` of a tfjs layers `model.json`
 * @returns the plan, or `undefined` when the model is not of the embedding-bag family the served classifier knows
 */
export function embeddingBagPlan(topology: unknown): EmbeddingBagPlan | undefined {
  try {
    return readPlan(topology);
  } catch {
    // A topology missing the fields every layers model has (config, inbound_nodes...) is not one of ours either.
    return undefined;
  }
}

function readPlan(topology: unknown): EmbeddingBagPlan | undefined {
  const config = (topology as { config?: { layers?: unknown; input_layers?: unknown; output_layers?: unknown } } | null)?.config;
  if (!config || !Array.isArray(config.layers) || !Array.isArray(config.input_layers) || !Array.isArray(config.output_layers)) {
    return undefined;
  }
  const layers = config.layers as LayerJson[];
  const [idsInput, weightsInput] = (config.input_layers as [string][]).map((entry) => entry[0]);
  const outputs = (config.output_layers as [string][]).map((entry) => entry[0]);
  if (config.input_layers.length !== 2 || outputs.length !== 1 || !idsInput || !weightsInput) return undefined;

  // Each layer is called once, with the layers named in its inbound node as inputs.
  const inputsOf = (layer: LayerJson): string[] | undefined =>
    layer.inbound_nodes.length === 1 ? layer.inbound_nodes[0]!.map((inbound) => inbound[0]) : undefined;
  const consumers = (name: string) => layers.filter((layer) => inputsOf(layer)?.includes(name));

  const [embedding, ...otherEmbeddings] = consumers(idsInput);
  if (!embedding || otherEmbeddings.length > 0 || embedding.class_name !== 'Embedding') return undefined;
  const inputDim = embedding.config.input_dim;
  const outputDim = embedding.config.output_dim;
  if (typeof inputDim !== 'number' || typeof outputDim !== 'number') return undefined;

  const [pooling, ...otherPoolings] = consumers(embedding.name);
  const axes = pooling?.config.axes;
  const pooledInputs = pooling && inputsOf(pooling);
  if (
    !pooling ||
    otherPoolings.length > 0 ||
    pooling.class_name !== 'Dot' ||
    !(axes === 1 || (Array.isArray(axes) && axes[0] === 1 && axes[1] === 1)) ||
    pooling.config.normalize === true ||
    pooledInputs?.length !== 2 ||
    !pooledInputs.includes(weightsInput) ||
    consumers(weightsInput).length !== 1
  ) {
    return undefined;
  }

  const head: DenseStep[] = [];
  let current = pooling;
  let used = 4; // the two inputs, the embedding and the pooling
  while (current.name !== outputs[0]) {
    const [next, ...branches] = consumers(current.name);
    if (!next || branches.length > 0) return undefined;
    used++;
    if (next.class_name === 'Dense') {
      const activation = next.config.activation ?? 'linear';
      const units = next.config.units;
      if (typeof activation !== 'string' || !ACTIVATIONS.includes(activation) || typeof units !== 'number') return undefined;
      head.push({
        kernel: `${next.name}/kernel`,
        bias: next.config.use_bias === false ? undefined : `${next.name}/bias`,
        units,
        activation: activation as DenseActivation,
      });
    } else if (next.class_name !== 'Dropout') {
      return undefined;
    }
    current = next;
  }
  // Every layer is on the path: nothing else (a side branch, an extra input) changes the output.
  if (used !== layers.length || head.length === 0) return undefined;
  return { embedding: `${embedding.name}/embeddings`, inputDim, outputDim, head };
}
