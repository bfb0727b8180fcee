'use strict';
/**
 * esbuild plugins for the Lambda bundles (serverless.yml `custom.esbuild.plugins`; also used by the tests that
 * inspect the bundles). Plain CommonJS: serverless-esbuild `require`s this file as it is.
 *
 * split-layers-runtime: the generic layers runtime loads tfjs-core, its cpu backend and tfjs-layers through one
 * dynamic import (`lib/model/runtimes/layers/index.ts` -> `./load`). In the handler bundles that import becomes a
 * `require` of `model-cache/layers-runtime.js`, found like the model itself: walking up from the bundle (the zip root
 * in Lambda, the service directory under `offline` and `invoke local`). `scripts/build/layers-runtime.ts` builds that
 * file, and packaging adds it only when the model needs it. So no handler bundle carries tfjs: the trainer's models
 * neither ship nor compile it (~40 ms of a cold start and ~0.2 MB of the zip when it was bundled lazily).
 */

/** Keep in step with `DERIVED_DIR` and `LAYERS_RUNTIME_FILE` in `lib/model/bundle/derived-files.ts`. */
const LAYERS_RUNTIME_PATH = ['model-cache', 'layers-runtime.js'];
const NAMESPACE = 'atlas-classifier:layers-runtime';

/** @type {import('esbuild').Plugin} */
const splitLayersRuntime = {
  name: 'split-layers-runtime',
  setup(build) {
    build.onResolve({ filter: /^\.\/load$/ }, (args) =>
      /[\\/]lib[\\/]model[\\/]runtimes[\\/]layers[\\/]index\.ts$/.test(args.importer) ? { path: 'layers-runtime', namespace: NAMESPACE } : undefined,
    );
    build.onLoad({ filter: /^layers-runtime$/, namespace: NAMESPACE }, () => ({
      contents: `const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');
const wanted = join(...${JSON.stringify(LAYERS_RUNTIME_PATH)});
let found;
for (let dir = __dirname; !found; dir = dirname(dir)) {
  if (existsSync(join(dir, wanted))) found = join(dir, wanted);
  else if (dirname(dir) === dir) break;
}
if (!found) throw Object.assign(new Error('Cannot find ' + wanted + ' above ' + __dirname), { code: 'MODULE_NOT_FOUND' });
module.exports = require(found);`,
      loader: 'js',
    }));
  },
};

/**
 * lazy-middy-stream-web: @middy/core imports `ReadableStream` from `node:stream/web` at its top, to recognise a
 * streamed response (`streamifyResponse`), which these functions never send. Loading Node's web streams cost ~2.5 ms
 * of every cold start; here that import becomes a getter, so the module loads only if a response ever streams.
 */
const LAZY_NAMESPACE = 'atlas-classifier:lazy-builtin';

/** @type {import('esbuild').Plugin} */
const lazyMiddyStreamWeb = {
  name: 'lazy-middy-stream-web',
  setup(build) {
    build.onResolve({ filter: /^node:stream\/web$/ }, (args) =>
      /[\\/]@middy[\\/]core[\\/]/.test(args.importer) ? { path: 'node:stream/web', namespace: LAZY_NAMESPACE } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: LAZY_NAMESPACE }, () => ({
      contents: `module.exports = { get ReadableStream() { return require('node:stream/web').ReadableStream; } };`,
      loader: 'js',
    }));
  },
};

module.exports = [splitLayersRuntime, lazyMiddyStreamWeb];
