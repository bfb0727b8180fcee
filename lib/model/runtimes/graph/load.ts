/**
 * Everything the graph runtime needs: tfjs-core, its cpu backend (or wasm), tfjs-converter. `index.ts` reaches it
 * only through a dynamic import, and the Lambda packages build it as a file of its own
 * (`model-cache/graph-runtime.js`, see `scripts/build/layers-runtime.ts`), shipped only with a graph model.
 */
import type { io } from '@tensorflow/tfjs-core';
import { initTf, tf } from '../../tf/core';
import type { ModelRunner, TfOptions } from '../runtime';
import { loadGraphRunner } from './runner';

/** Initialises the backend and builds the graph model from its artifacts (the wasm glue only when asked for). */
export async function loadGraphRuntime(artifacts: io.ModelArtifacts, { backend = 'cpu', ...options }: TfOptions = {}): Promise<ModelRunner> {
  if (backend === 'wasm') await import('../../tf/wasm');
  await initTf(backend, options);
  return loadGraphRunner(artifacts, tf);
}
