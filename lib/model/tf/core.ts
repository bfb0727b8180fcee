/**
 * The tfjs the service needs: tfjs-core and the cpu backend with the serving kernels only (`cpu-serving.ts`; plus
 * `wasm.ts`, the optional wasm backend), which decode a layers model's weights (`load-classifier.ts`). Never the
 * umbrella package, and not tfjs-layers, which training, evaluation and tests get from `index.ts` and serving only
 * through the lazily imported generic runtime (`runtimes/layers/`, which registers every cpu kernel when it loads):
 * every module imported here is code a cold start loads and runs.
 *
 * Serving code imports the functions it calls by name (`import { tidy } from '../tf/core'`), never the `tf`
 * namespace as a value: esbuild keeps all of tfjs-core in a bundle that uses the re-exported namespace object,
 * and only what is used when each function is imported by name. Types (`import type { tf }`) cost nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import './share-core';
import './cpu-serving';

export { tf };
export { fused, sigmoid, softmax, tanh, tensor, tensor2d, tidy } from '@tensorflow/tfjs-core';

/** Backends the classifier can run on. */
export type BackendName = 'cpu' | 'wasm';

export interface BackendOptions {
  /**
   * Directory holding tfjs-backend-wasm's `.wasm` files (only for `wasm`); defaults to the installed package's
   * `dist/`, which works from the sources but not from a bundled Lambda zip.
   */
  wasmDir?: string;
}

/** Set by `wasm.ts` when it is imported: points the wasm backend at its `.wasm` files. */
let configureWasm: ((wasmDir?: string) => void) | undefined;

/** @internal Called by `wasm.ts`; not for other callers. */
export function provideWasmBackend(configure: (wasmDir?: string) => void): void {
  configureWasm = configure;
}

let ready: Promise<void> | undefined;
let readyName: BackendName | undefined;

/**
 * Selects the tfjs backend once per process and turns on production mode (no debug checks).
 * Calling it again with the same backend is free; switching backends later is refused.
 * `wasm` needs `lib/model/tf/wasm` imported first, so bundles that only use the cpu backend never contain the wasm code.
 *
 * @param backend - `cpu` (default) or `wasm`
 */
export function initTf(backend: BackendName = 'cpu', options: BackendOptions = {}): Promise<void> {
  if (ready && readyName === backend) return ready;
  if (ready) return Promise.reject(new Error(`tfjs backend already set to ${readyName}`));
  readyName = backend;
  ready = (async () => {
    tf.enableProdMode();
    if (backend === 'wasm') {
      if (!configureWasm) throw new Error("the wasm backend is not loaded: import 'lib/model/tf/wasm' first");
      configureWasm(options.wasmDir);
    }
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} could not be initialised`);
    await tf.ready();
  })();
  ready.catch(() => {
    ready = undefined;
    readyName = undefined;
  });
  return ready;
}
