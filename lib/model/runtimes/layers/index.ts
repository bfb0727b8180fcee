import { servingBackendOf } from '../../bundle/serving';
import { importRuntimeFile } from '../runtime-file';
import type { Runtime } from '../runtime';

/**
 * The generic runtime: any model tfjs-layers can build (Sequential or Functional; Embedding, LSTM, GRU, Bidirectional,
 * Conv1D, pooling, normalisation, Dense...). It says "mine" to every bundle, so it goes last in the list.
 *
 * tfjs (core, cpu backend, layers) sits behind one dynamic import of `./load`, so serving the trainer's models never
 * reads it. In a Lambda package that import is a separate file, `model-cache/layers-runtime.js`, which packaging adds
 * only when the model in `model/` needs it (`scripts/build/esbuild-plugins.js`): the default model's zip carries no
 * tfjs at all, and its cold start compiles none.
 */
export const layers: Runtime = {
  name: 'layers',
  plan({ artifacts, manifest }) {
    return {
      runtime: 'layers',
      // The backend import measured and recorded for this model, unless the caller names one (tests, the measuring).
      load: async (options = {}) => {
        const { loadLayersRuntime } = await importRuntimeFile('layers', () => import('./load'));
        return loadLayersRuntime(artifacts, { ...options, backend: options.backend ?? servingBackendOf(manifest) });
      },
    };
  },
};
