/**
 * Opt-in wasm backend: import this module (for its side effect) before `loadClassifier(dir, { backend: 'wasm' })`;
 * the layers runtime imports it itself for a bundle recorded as wasm (`runtimes/layers/load.ts`).
 * Kept apart from `index.ts` so cpu-only bundles do not carry the wasm glue code.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { NODE_WASM_FILES } from '../bundle/derived-files';
import { provideWasmBackend } from './core';

provideWasmBackend((wasmDir) => {
  setWasmPaths(withSlash(wasmDir ?? defaultWasmDir()));
});

/**
 * Bundled into `model-cache/layers-runtime.js`, this module's `__dirname` is model-cache/, where packaging copies the
 * `.wasm` files (a Lambda zip has no node_modules); from the sources, the installed package's `dist/`.
 */
function defaultWasmDir(): string {
  if (existsSync(join(__dirname, NODE_WASM_FILES[0]))) return __dirname;
  return dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${NODE_WASM_FILES[0]}`));
}

function withSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}
