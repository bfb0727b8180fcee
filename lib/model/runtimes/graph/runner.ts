/**
 * The heavy half of the graph runtime, reached only through `load.ts` (see `index.ts`): never import this module
 * statically from serving code.
 */
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import type { ModelBatch } from '../../inputs/batch';
import type { tf as Tf } from '../../tf/core';
import type { ModelRunner } from '../runtime';
import { runTfjsBatch } from '../tfjs-batch';

/**
 * The op categories tfjs-converter can run only with `executeAsync` (loops, conditionals, dynamic shapes, lookup
 * tables). The service runs a batch in one synchronous pass, so the import refuses graphs that hold them.
 */
const ASYNC_CATEGORIES = new Set(['control', 'dynamic', 'hash_table']);

/** A node of tfjs-converter's own mapped graph: the op it read, and the category its op list gives it. */
interface MappedNode {
  name: string;
  op: string;
  category?: string;
}

/**
 * The ops of a loaded graph that tfjs cannot run here: unknown to tfjs-converter (no op mapper, so no category), or
 * needing asynchronous execution. Read from the converter's own mapping of the graph, so "supported" means what this
 * tfjs version runs, not a list of ours.
 */
export function unservableOps(model: GraphModel): { unknown: string[]; asynchronous: string[] } {
  // The mapped graph is not public API; tfjs-converter is pinned (4.22.0), and a missing field reads as no nodes.
  const graph = (model as unknown as { executor?: { graph?: { nodes?: Record<string, MappedNode> } } }).executor?.graph;
  const nodes = Object.values(graph?.nodes ?? {});
  const distinct = (ops: string[]) => [...new Set(ops)].sort();
  return {
    unknown: distinct(nodes.filter((n) => n.category === undefined).map((n) => n.op)),
    asynchronous: distinct(nodes.filter((n) => n.category !== undefined && ASYNC_CATEGORIES.has(n.category)).map((n) => n.op)),
  };
}

/** Runs a graph model (a SavedModel or Keras 3 export converted by tensorflowjs_converter) with `model.execute`. */
export class GraphRunner implements ModelRunner {
  readonly outputs: number;

  constructor(
    private readonly model: GraphModel,
    private readonly tf: typeof Tf,
  ) {
    if (model.inputs.length !== 1) throw new Error(`the graph has ${model.inputs.length} inputs; a classifier here takes one`);
    if (model.outputs.length !== 1) throw new Error(`the graph has ${model.outputs.length} outputs; a classifier has one`);
    const { unknown, asynchronous } = unservableOps(model);
    if (unknown.length > 0) throw new Error(`the graph uses op(s) tfjs cannot run: ${unknown.join(', ')}`);
    if (asynchronous.length > 0) throw new Error(`the graph uses op(s) that need asynchronous execution: ${asynchronous.join(', ')}`);
    this.outputs = this.probeOutputWidth();
  }

  /**
   * The output's width per row, from running one all-zero row: a converted graph's `outputs` carry no shape (the
   * signature's is often `-1` where the model fixes it), and running it is the one answer tfjs itself gives.
   */
  private probeOutputWidth(): number {
    const { shape = [], dtype = 'float32' } = this.model.inputs[0]!;
    const rowShape = shape.map((d, i) => (i === 0 || d < 0 ? 1 : d));
    const width = this.tf.tidy(() => {
      const out = this.model.execute(this.tf.zeros(rowShape, dtype)) as Tf.Tensor;
      return out.shape.slice(1).reduce<number>((n, d) => n * d, 1);
    });
    if (!Number.isInteger(width) || width < 1) throw new Error(`the graph's output has no fixed width (${width})`);
    return width;
  }

  run(batch: ModelBatch): Float32Array {
    return runTfjsBatch(this.tf, batch, [this.model.inputs[0]!.dtype], ([input]) => this.model.execute(input!) as Tf.Tensor);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Builds the graph from verified artifacts (`fsModelHandler`'s output) with `loadGraphModel`.
 *
 * @throws Error from tfjs-converter, or naming the ops it cannot run
 */
export async function loadGraphRunner(artifacts: Tf.io.ModelArtifacts, tf: typeof Tf): Promise<GraphRunner> {
  const model = await loadGraphModel({ load: async () => artifacts });
  try {
    return new GraphRunner(model, tf);
  } catch (error) {
    model.dispose();
    throw error;
  }
}
