import { servingBackendOf } from '../../bundle/serving';
import { importRuntimeFile } from '../runtime-file';
import type { Runtime } from '../runtime';

/**
 * The graph runtime: a `model.json` of `"format": "graph-model"`, what `tensorflowjs_converter
 * --input_format=tf_saved_model` writes for a TF2 SavedModel or a Keras 3 `model.export()`. tfjs-converter's
 * `loadGraphModel` runs it over our fs loader, on the backend the import recorded.
 *
 * tfjs (core, backend, converter) sits behind one dynamic import of `./load`, a file of its own in a Lambda package
 * (`model-cache/graph-runtime.js`), added only when the packaged model is a graph.
 */
export const graph: Runtime = {
  name: 'graph',
  plan({ artifacts, manifest }) {
    if (artifacts.format !== 'graph-model') return undefined;
    return {
      runtime: 'graph',
      load: async (options = {}) => {
        const { loadGraphRuntime } = await importRuntimeFile('graph', () => import('./load'));
        return loadGraphRuntime(artifacts, { ...options, backend: options.backend ?? servingBackendOf(manifest) });
      },
    };
  },
};
