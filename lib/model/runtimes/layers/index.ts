import type { Runtime } from '../runtime';

/**
 * The generic runtime: any model tfjs-layers can build (Sequential or Functional; Embedding, LSTM, GRU, Bidirectional,
 * Conv1D, pooling, normalisation, Dense...). It says "mine" to every bundle, so it goes last in the list.
 *
 * tfjs (core, cpu backend, layers) is imported only when a bundle needs it (dynamic imports), so serving the
 * trainer's models never runs its module code; in the Lambda bundle tfjs-layers takes the tfjs-core loaded just
 * before from a global (see `tf/share-core.ts`).
 */
export const layers: Runtime = {
  name: 'layers',
  plan({ artifacts }) {
    return {
      runtime: 'layers',
      load: async ({ backend = 'cpu', ...options } = {}) => {
        const { tf, initTf } = await import('../../tf/core');
        await initTf(backend, options);
        const { loadLayersRunner } = await import('./runner');
        return loadLayersRunner(artifacts, tf);
      },
    };
  },
};
