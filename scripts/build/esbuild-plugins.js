'use strict';
/**
 * esbuild plugins for the Lambda bundles (serverless.yml `custom.esbuild.plugins`; also used by the tests that
 * inspect the bundles). Plain CommonJS: serverless-esbuild `require`s this file as it is.
 *
 * split-layers-runtime: the generic layers runtime and the graph runtime load tfjs-core, a backend and tfjs-layers
 * (or tfjs-converter) through one dynamic import each (`lib/model/runtimes/<runtime>/index.ts` -> `./load`). In the
 * handler bundles that import becomes a `require` of `model-cache/<runtime>-runtime.js`, found like the model itself:
 * walking up from the bundle (the zip root in Lambda, the service directory under `offline` and `invoke local`).
 * `scripts/build/layers-runtime.ts` builds those files, and packaging adds one only when the model needs it. So no
 * handler bundle carries tfjs: the trainer's models neither ship nor compile it (~40 ms of a cold start and ~0.2 MB of
 * the zip when it was bundled lazily).
 */

/** Keep in step with `DERIVED_DIR` and `runtimeFileName` in `lib/model/bundle/derived-files.ts`. */
const CACHE_DIR = 'model-cache';
const NAMESPACE = 'atlas-classifier:tfjs-runtime';
/** The runtimes whose `index.ts` imports their heavy half, `./load`, with tfjs. */
const SPLIT_RUNTIME = /[\\/]lib[\\/]model[\\/]runtimes[\\/](layers|graph)[\\/]index\.ts$/;

/** @type {import('esbuild').Plugin} */
const splitLayersRuntime = {
  name: 'split-layers-runtime',
  setup(build) {
    build.onResolve({ filter: /^\.\/load$/ }, (args) => {
      const runtime = SPLIT_RUNTIME.exec(args.importer)?.[1];
      return runtime ? { path: `${runtime}-runtime`, namespace: NAMESPACE } : undefined;
    });
    build.onLoad({ filter: /^(layers|graph)-runtime$/, namespace: NAMESPACE }, (args) => ({
      contents: `const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');
const wanted = join(${JSON.stringify(CACHE_DIR)}, ${JSON.stringify(`${args.path}.js`)});
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
 * lazy-builtins: these Node builtins are imported at the top of modules (ours and dependencies') for paths a cold
 * start never takes, so in the bundles each import gets a stand-in whose exports are getters, and the builtin loads
 * only when something is first used:
 * - `node:crypto` (4-6 ms of a cold start; it also loads Node's stream classes): Powertools' Logger imports
 *   `randomInt` for debug-log sampling, which runs only with a sample rate set; ours hash bundle files, which a
 *   proven package in Lambda never does (`lib/model/bundle/package-proof.ts`);
 * - `node:stream/web` (~2.5 ms): @middy/core imports `ReadableStream` to recognise a streamed response
 *   (`streamifyResponse`), which ours never are.
 */
const LAZY_BUILTINS = new Set(['node:crypto', 'crypto', 'node:stream/web', 'stream/web']);
const LAZY_NAMESPACE = 'atlas-classifier:lazy-builtin';

/** @type {import('esbuild').Plugin} */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(crypto|stream\/web)$/ }, (args) =>
      LAZY_BUILTINS.has(args.path) && args.namespace !== LAZY_NAMESPACE
        ? { path: args.path, namespace: LAZY_NAMESPACE }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: LAZY_NAMESPACE }, (args) => {
      // The builtin's export names, read here at build time; each getter requires the builtin when first read.
      const getters = Object.keys(require(args.path)).map(
        (name) =>
          `  get ${JSON.stringify(name)}() { return require(${JSON.stringify(args.path)})[${JSON.stringify(name)}]; },`,
      );
      return { contents: `module.exports = {\n${getters.join('\n')}\n};`, loader: 'js' };
    });
  },
};

module.exports = [splitLayersRuntime, lazyBuiltins];
