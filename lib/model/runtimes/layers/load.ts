/**
 * Everything the generic runtime needs that the trainer's models do not: tfjs-core, its cpu backend, tfjs-layers.
 * `index.ts` reaches it only through a dynamic import, and the Lambda packages build it as a file of its own
 * (`model-cache/layers-runtime.js`, see `scripts/build/layers-runtime.ts`), shipped only with a model that needs it.
 */
import type { io } from '@tensorflow/tfjs-core';
import { initTf, tf } from '../../tf/core';
import type { ModelRunner, TfOptions } from '../runtime';
import { loadLayersRunner } from './runner';

/**
 * Initialises the backend and builds the layers model from its artifacts. The wasm backend's glue is imported only
 * when asked for: a package of a cpu model builds this file with that import stubbed out (`scripts/build/layers-runtime.ts`).
 */
export async function loadLayersRuntime(artifacts: io.ModelArtifacts, { backend = 'cpu', ...options }: TfOptions = {}): Promise<ModelRunner> {
  if (backend === 'wasm') await import('../../tf/wasm');
  await initTf(backend, options);
  return loadLayersRunner(artifacts, tf);
}
