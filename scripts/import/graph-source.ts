import type { io } from '@tensorflow/tfjs-core';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { diskReader, fsModelHandler } from '../../lib/model/bundle/fs-io-handler';
import { OUTPUT_KINDS, outputKindOf, type OutputKind } from '../../lib/model/outputs/output';
import { unservableOps } from '../../lib/model/runtimes/graph/runner';
import { tf } from '../../lib/model/tf/index';
import { UsageError } from '../training/errors';
import type { ModelSource } from './model-source';

/** A GraphDef node as the converter writes it (protobuf JSON). */
interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: {
    value?: { tensor?: { tensorShape?: TensorShape } };
    shape?: { shape?: TensorShape };
    dtype?: { type?: string };
  };
}
interface TensorShape {
  dim?: { size?: string | number }[];
  unknownRank?: boolean;
}
interface TensorInfo {
  name?: string;
  dtype?: string;
  tensorShape?: TensorShape;
}

const WHERE = 'model.json (a graph model, tensorflowjs_converter --input_format=tf_saved_model)';
/** Ops through which the output passes unchanged. */
const PASS_THROUGH = new Set(['Identity', 'IdentityN', 'StopGradient', 'Snapshot']);
/** The last op of a linear head: its output is logits. */
const LINEAR = new Set(['MatMul', '_FusedMatMul', 'BiasAdd', 'Add', 'AddV2', 'BatchMatMulV2', 'Einsum']);
/** Ops that look a row up in a table: the table's first dimension bounds the ids. */
const GATHERS = new Set(['GatherV2', 'Gather', 'ResourceGather']);

/**
 * Reads a graph model.json (`"format": "graph-model"`): its one input (name, dtype, shape) and one output from the
 * serving signature (from the Placeholder and the one unconsumed node when a frozen graph has none), its embedding
 * table's rows from the Gather on a constant table, and its output kind from the op that makes the output (Softmax,
 * Sigmoid, or a linear op: logits); `output` forces the kind where that op says nothing.
 *
 * @throws UsageError naming what was found: several inputs or outputs, an output op of no known kind
 */
export function graphSource(model: Partial<io.ModelJSON> & Record<string, unknown>, output?: OutputKind): ModelSource {
  const topology = model.modelTopology as { node?: unknown } | undefined;
  if (!Array.isArray(topology?.node)) throw new UsageError(`${WHERE}: modelTopology has no list of nodes`);
  const nodes = topology.node as GraphNode[];
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const signature = model.signature as
    { inputs?: Record<string, TensorInfo>; outputs?: Record<string, TensorInfo> } | undefined;
  const inputs = signature?.inputs
    ? Object.values(signature.inputs)
    : nodes.filter((n) => n.op === 'Placeholder').map(placeholderInfo);
  const outputs: TensorInfo[] = signature?.outputs
    ? Object.values(signature.outputs)
    : unconsumed(nodes).map((n) => ({ name: `${n.name}:0` }));
  if (inputs.length !== 1)
    throw new UsageError(
      `${WHERE}: the graph has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); an imported model takes one (text ids or features)`,
    );
  if (outputs.length !== 1)
    throw new UsageError(
      `${WHERE}: the graph has ${outputs.length} outputs (${outputs.map((o) => o.name).join(', ')}); a classifier has one`,
    );
  const [input] = inputs;
  const [out] = outputs;
  if (output !== undefined && !(OUTPUT_KINDS as readonly string[]).includes(output))
    throw new UsageError(`--output ${String(output)}: must be one of ${OUTPUT_KINDS.join(', ')}`);
  const inputShape = dims(input!.tensorShape);
  const rows = nodes
    .filter((n) => GATHERS.has(n.op))
    .map((n) => dims(byName.get(nodeName(n.input?.[0] ?? ''))?.attr?.value?.tensor?.tensorShape))
    .filter((shape) => shape.length === 2 && typeof shape[0] === 'number')
    .map((shape) => shape[0] as number);
  const maker = producer(byName, nodeName(out!.name ?? ''));
  const units = dims(out!.tensorShape)[1];

  return {
    format: 'graph-model',
    modelJson: model as io.ModelJSON,
    where: WHERE,
    kerasFixes: [],
    parts: { count: nodes.length, kind: 'nodes' },
    inputShapes: [inputShape],
    // Whatever the input's dtype: Keras 3 feeds an Embedding from a float Input through a Cast.
    embeddingRows: rows.length > 0 ? Math.min(...rows) : undefined,
    outputKind(labels) {
      const op = maker?.op ?? 'nothing';
      const activation =
        output === 'logits'
          ? 'linear'
          : (output ??
            (op === 'Softmax' ? 'softmax' : op === 'Sigmoid' ? 'sigmoid' : LINEAR.has(op) ? 'linear' : undefined));
      if (activation === undefined) {
        return {
          refused: `the output ${out!.name} comes from a ${op} op, which says nothing of softmax, sigmoid or logits: say which with --output softmax|sigmoid|logits`,
        };
      }
      return outputKindOf(
        {
          name: maker?.name ?? String(out!.name),
          className: op,
          activation,
          units: typeof units === 'number' ? units : undefined,
        },
        labels,
      );
    },
    async check(modelDir) {
      const graph = await loadGraphModel(fsModelHandler('model.json', diskReader(modelDir)));
      try {
        const { unknown, asynchronous } = unservableOps(graph);
        if (unknown.length > 0) {
          throw new UsageError(
            `${WHERE}: tfjs-converter ${tf.version_core} cannot run op(s) ${unknown.join(', ')}; export the model without them (or do that step outside the model, as the input spec)`,
          );
        }
        if (asynchronous.length > 0) {
          throw new UsageError(
            `${WHERE}: op(s) ${asynchronous.join(', ')} need asynchronous execution (a loop, as an exported recurrent layer has, or a lookup table), ` +
              'which the service does not run: export with unroll=True, or convert the Keras model with --input_format=keras to serve it as a layers model',
          );
        }
      } finally {
        graph.dispose();
      }
    },
  };
}

function placeholderInfo(node: GraphNode): TensorInfo {
  return { name: `${node.name}:0`, dtype: node.attr?.dtype?.type, tensorShape: node.attr?.shape?.shape };
}

/** Nodes no other node reads: a frozen graph's outputs (constants aside). */
function unconsumed(nodes: GraphNode[]): GraphNode[] {
  const read = new Set(nodes.flatMap((n) => (n.input ?? []).map(nodeName)));
  return nodes.filter((n) => n.op !== 'Const' && n.op !== 'NoOp' && !read.has(n.name));
}

/** `name:0` and `^name` (a control input) name the node `name`. */
function nodeName(tensor: string): string {
  return tensor.replace(/^\^/, '').replace(/:\d+$/, '');
}

/** The node that computes a tensor, looking through ops that pass it on unchanged. */
function producer(byName: Map<string, GraphNode>, name: string): GraphNode | undefined {
  let node = byName.get(name);
  for (let hops = 0; node && PASS_THROUGH.has(node.op) && node.input?.[0] && hops < 16; hops++)
    node = byName.get(nodeName(node.input[0]));
  return node;
}

/** A TensorShape's dimensions, `-1` (unknown) as `null`. */
function dims(shape: TensorShape | undefined): (number | null)[] {
  return (shape?.dim ?? []).map((d) => {
    const size = Number(d.size ?? -1);
    return size >= 0 ? size : null;
  });
}
