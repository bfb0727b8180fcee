/**
 * esbuild plugins for the Lambda bundles (serverless.yml `custom.esbuild.plugins`; also used by the tests that
 * inspect the bundles). Plain CommonJS: serverless-esbuild `require`s this file as it is.
 *
 * share-tfjs-core: the generic layers runtime imports tfjs-layers lazily (`lib/model/runtimes/layers/`). Left to
 * itself, esbuild would then have to wrap every tfjs-core module the lazy part reaches in a lazy initialiser, and
 * tfjs-core is the bundle's biggest library: the default model's cold start paid for it. Instead, tfjs-layers' own
 * imports of tfjs-core resolve to the instance the bundle already initialised, handed over on a global by
 * `runtimes/layers/index.ts` just before the lazy import. tfjs-layers also imports tfjs-core's gradients for
 * training (`register_all_gradients`), which reach into tfjs-core's internals; a Lambda only predicts, so that import
 * becomes an empty module.
 */
const SHARED_TFJS_CORE = 'atlas-classifier:shared-tfjs-core';

/** The global key `runtimes/layers/index.ts` stores tfjs-core under (keep the two in step). */
const GLOBAL_KEY = 'atlas-classifier.tfjs-core';

/** @type {import('esbuild').Plugin} */
const shareTfjsCore = {
  name: 'share-tfjs-core',
  setup(build) {
    // tfjs-backend-cpu too: the generic runtime registers all its kernels lazily, and the few the serving core
    // registers up front are the same modules, so they must see the same shared instance (set by tf/share-core.ts).
    const fromLayers = (importer) => /[\\/]@tensorflow[\\/]tfjs-(layers|backend-cpu)[\\/]/.test(importer);
    build.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, (args) =>
      fromLayers(args.importer) ? { path: 'tfjs-core', namespace: SHARED_TFJS_CORE } : undefined,
    );
    build.onResolve({ filter: /^@tensorflow\/tfjs-core\/dist\/register_all_gradients$/ }, (args) =>
      fromLayers(args.importer) ? { path: 'no-gradients', namespace: SHARED_TFJS_CORE } : undefined,
    );
    build.onLoad({ filter: /^no-gradients$/, namespace: SHARED_TFJS_CORE }, () => ({ contents: '', loader: 'js' }));
    build.onLoad({ filter: /^tfjs-core$/, namespace: SHARED_TFJS_CORE }, () => ({
      contents: `const core = globalThis[Symbol.for(${JSON.stringify(GLOBAL_KEY)})];
if (!core) throw new Error('tfjs-layers was loaded before the layers runtime shared tfjs-core');
module.exports = core;`,
      loader: 'js',
    }));
  },
};

module.exports = [shareTfjsCore];
