/**
 * Recognises the trainer's model family in a tfjs layers topology (`model.json`'s `modelTopology`):
 *
 *   ids -> Embedding ┐
 *   weights ─────────┴-> Dot(axes 1) -> [Dropout] -> Dense ... -> Dense
 *
 * or an ensemble of such branches on the same two inputs whose outputs meet in one `Average` layer:
 *
 *   ids, weights -> branch 1 ┐
 *   ids, weights -> branch 2 ┼-> Average [-> Dense ...]
 *   ...                      ┘
 *
 * (the Dense layers after the Average: the trainer's `label_merge`, which sums a label's classes into it),
 * and says which weights the served classifier needs (see `classifier.ts`). Anything else (another
 * architecture, an unknown activation, a side branch) gives `undefined`, and `loadClassifier` refuses the bundle with
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

/** One embedding bag: its table and the dense layers after its pooling. */
export interface BranchPlan {
  /** Name of the embedding table in the weights manifest. */
  embedding: string;
  /** Rows of the embedding table (ids `0 .. inputDim - 1`). */
  inputDim: number;
  outputDim: number;
  /** The dense layers after the pooling, in order (dropout is the identity when predicting, so it is skipped). */
  head: DenseStep[];
}

export interface EmbeddingBagPlan {
  /** One branch, or the members of an ensemble whose outputs are averaged. */
  branches: BranchPlan[];
  /** Dense layers run on the ensemble's averaged outputs, in order (none: the average is the output). */
  afterAverage: DenseStep[];
  /** Width of the model's output (the last layer after the Average, or every branch's last layer). */
  outputs: number;
  /** Rows of the smallest embedding table: the vocabulary must fit in every one. */
  inputDim: number;
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
  let output = layers.find((layer) => layer.name === outputs[0]);
  if (!output) return undefined;

  // Each layer is called once, with the layers named in its inbound node as inputs.
  const inputsOf = (layer: LayerJson): string[] | undefined =>
    layer.inbound_nodes.length === 1 ? layer.inbound_nodes[0]!.map((inbound) => inbound[0]) : undefined;
  const consumers = (name: string) => layers.filter((layer) => inputsOf(layer)?.includes(name));

  const embeddings = consumers(idsInput);
  // Dense layers on top of an Average, walked down from the output; a single branch's dense layers are its head.
  const afterAverage: DenseStep[] = [];
  for (let top = output; top.class_name === 'Dense'; ) {
    const step = denseStep(top);
    const below = layers.find((layer) => layer.name === inputsOf(top)?.[0]);
    if (!step || !below || inputsOf(top)!.length !== 1 || consumers(below.name).length !== 1) break;
    afterAverage.unshift(step);
    if (below.class_name === 'Average') output = below;
    top = below;
  }
  if (output.class_name !== 'Average') afterAverage.length = 0;
  // An ensemble's branches end in the Average layer, which is the output; a single branch ends in the output itself.
  const ensemble = output.class_name === 'Average';
  const branchEnds = ensemble ? inputsOf(output) : [output.name];
  if (embeddings.length === 0 || !branchEnds || branchEnds.length !== embeddings.length || (ensemble && embeddings.length < 2)) return undefined;
  if (consumers(weightsInput).length !== embeddings.length) return undefined;

  const branches: BranchPlan[] = [];
  let used = 2 + (ensemble ? 1 : 0) + afterAverage.length; // the two inputs, the Average and the layers after it
  for (const embedding of embeddings) {
    const branch = readBranch(embedding, weightsInput, consumers, inputsOf);
    if (!branch) return undefined;
    const end = branch.path.at(-1)!;
    // Each branch must end in a different one of the Average's inputs (or in the output), feeding nothing else.
    if (!branchEnds.includes(end) || (ensemble && consumers(end).length !== 1)) return undefined;
    branchEnds.splice(branchEnds.indexOf(end), 1);
    used += branch.path.length;
    branches.push(branch.plan);
  }
  const widths = new Set(branches.map((b) => b.head.at(-1)!.units));
  // Every layer is on a branch or after the Average: nothing else (a side branch, an extra input) changes the output.
  if (used !== layers.length || widths.size !== 1) return undefined;
  const width = afterAverage.at(-1)?.units ?? [...widths][0]!;
  return { branches, afterAverage, outputs: width, inputDim: Math.min(...branches.map((b) => b.inputDim)) };
}

/** Follows one branch from its Embedding through the Dot pooling and the dense layers to where it stops. */
function readBranch(
  embedding: LayerJson,
  weightsInput: string,
  consumers: (name: string) => LayerJson[],
  inputsOf: (layer: LayerJson) => string[] | undefined,
): { plan: BranchPlan; path: string[] } | undefined {
  const inputDim = embedding.config.input_dim;
  const outputDim = embedding.config.output_dim;
  if (embedding.class_name !== 'Embedding' || typeof inputDim !== 'number' || typeof outputDim !== 'number') return undefined;

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
    !pooledInputs.includes(weightsInput)
  ) {
    return undefined;
  }

  const head: DenseStep[] = [];
  const path = [embedding.name, pooling.name];
  let current = pooling;
  for (;;) {
    const next = consumers(current.name);
    if (next.length !== 1 || !['Dense', 'Dropout'].includes(next[0]!.class_name)) break;
    const layer = next[0]!;
    if (layer.class_name === 'Dense') {
      const step = denseStep(layer);
      if (!step) return undefined;
      head.push(step);
    }
    path.push(layer.name);
    current = layer;
  }
  if (head.length === 0) return undefined;
  return { plan: { embedding: `${embedding.name}/embeddings`, inputDim, outputDim, head }, path };
}

/** A Dense layer's step, or `undefined` for an activation the served classifier does not implement. */
function denseStep(layer: LayerJson): DenseStep | undefined {
  const activation = layer.config.activation ?? 'linear';
  const units = layer.config.units;
  if (typeof activation !== 'string' || !ACTIVATIONS.includes(activation) || typeof units !== 'number') return undefined;
  return {
    kernel: `${layer.name}/kernel`,
    bias: layer.config.use_bias === false ? undefined : `${layer.name}/bias`,
    units,
    activation: activation as DenseActivation,
  };
}
