import type { ModelBatch } from '../inputs/batch';
import type { BackendName, BackendOptions } from '../tf/core';
import type { ReadBundle } from './read-bundle';

/** How a runtime that runs tfjs sets it up. */
export interface TfOptions extends BackendOptions {
  /** tfjs backend; `cpu` by default. */
  backend?: BackendName;
}

/**
 * A runtime runs a bundle's layers model on a {@link ModelBatch}. Runtimes are chosen by asking each one, in order,
 * whether a bundle is its own (`runtimes/index.ts`): the first that returns a plan serves the bundle.
 */
export interface Runtime {
  /** Shown in logs and the import summary. */
  readonly name: RuntimeName;
  /**
   * Says whether this runtime can serve the bundle, cheaply and without loading anything heavy.
   *
   * @returns a plan that loads the model, or `undefined` when the bundle is not this runtime's
   */
  plan(bundle: ReadBundle): RuntimePlan | undefined;
}

export const RUNTIME_NAMES = ['embedding-bag', 'recurrent', 'graph', 'layers'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** A runtime's promise to serve one bundle. */
export interface RuntimePlan {
  readonly runtime: RuntimeName;
  /** Builds the model; a runtime that runs tfjs loads and initialises it here, with these options. */
  load(options?: TfOptions): Promise<ModelRunner>;
}

/** A loaded model: a batch in, the last layer's raw outputs out. */
export interface ModelRunner {
  /** Units of the last layer. */
  readonly outputs: number;
  /**
   * Runs the model once on the whole batch.
   *
   * @returns row-major `[batch.rows, outputs]`, exactly what the last layer computes
   */
  run(batch: ModelBatch): Float32Array;
  /** Frees every tensor the model holds. */
  dispose(): void;
}
