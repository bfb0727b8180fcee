import type { Runtime } from '../runtime';

/**
 * The generic runtime: any model tfjs-layers can build (Sequential or Functional; Embedding, LSTM, GRU, Bidirectional,
 * Conv1D, pooling, normalisation, Dense...). It says "mine" to every bundle, so it goes last in the list.
 *
 * tfjs-layers is imported only when a bundle needs it (dynamic import), so serving the trainer's models never runs
 * its module code: in the esbuild bundle it sits behind a lazy wrapper that nothing calls.
 */
export const layers: Runtime = {
  name: 'layers',
  plan({ artifacts }) {
    return {
      runtime: 'layers',
      load: async () => {
        const { loadLayersRunner } = await import('./runner');
        return loadLayersRunner(artifacts);
      },
    };
  },
};
