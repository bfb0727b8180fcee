/**
 * Hands the bundle's tfjs-core instance to code that the Lambda bundles resolve `@tensorflow/tfjs-core` to a global
 * for (`scripts/build/esbuild-plugins.js`): tfjs-layers and tfjs-backend-cpu. Imported by `core.ts` after tfjs-core
 * and before the cpu backend, so the global is set before any backend module evaluates. Outside a bundle nothing
 * reads it (node's module cache already shares one tfjs-core).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Keep in step with `GLOBAL_KEY` in `scripts/build/esbuild-plugins.js`. */
export const SHARED_TFJS_CORE = Symbol.for('atlas-classifier.tfjs-core');

(globalThis as Record<symbol, unknown>)[SHARED_TFJS_CORE] ??= tf;
