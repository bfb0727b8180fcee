import { tf } from '../../tf/core';
import type { Runtime } from '../runtime';

/** Where the lazily loaded tfjs-layers finds tfjs-core in a Lambda bundle (see `scripts/build/esbuild-plugins.js`). */
const SHARED_TFJS_CORE = Symbol.for('atlas-classifier.tfjs-core');

/**
 * The generic runtime: any model tfjs-layers can build (Sequential or Functional; Embedding, LSTM, GRU, Bidirectional,
 * Conv1D, pooling, normalisation, Dense...). It says "mine" to every bundle, so it goes last in the list.
 *
 * tfjs-layers is imported only when a bundle needs it (dynamic import), so serving the trainer's models never runs
 * its module code, and in the Lambda bundle it takes the already loaded tfjs-core from a global instead of
 * importing it, so the rest of the bundle stays free of lazy-initialisation wrappers.
 */
export const layers: Runtime = {
  name: 'layers',
  plan({ artifacts }) {
    return {
      runtime: 'layers',
      load: async () => {
        (globalThis as Record<symbol, unknown>)[SHARED_TFJS_CORE] ??= tf;
        const { loadLayersRunner } = await import('./runner');
        return loadLayersRunner(artifacts, tf);
      },
    };
  },
};
