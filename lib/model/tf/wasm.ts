/**
 * Opt-in wasm backend: import this module (for its side effect) before `loadClassifier(dir, { backend: 'wasm' })`.
 * Kept apart from `index.ts` so cpu-only bundles do not carry the wasm glue code.
 * A bundled deployment must ship the `.wasm` files and pass their directory as `wasmDir`.
 */
import { dirname } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { provideWasmBackend } from './core';

provideWasmBackend((wasmDir) => {
  const dir = wasmDir ?? dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
});
