/**
 * Bundles a runtime's tfjs half (`lib/model/runtimes/layers/load.ts`: tfjs-core, cpu backend, tfjs-layers; or
 * `runtimes/graph/load.ts`, with tfjs-converter instead; the wasm backend only when asked) into one file for a Lambda
 * package, with the options serverless.yml gives serverless-esbuild for the handlers (a test keeps the two in step).
 * `scripts/derive-model-files.ts` calls it when the model being packaged needs the runtime.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { join } from 'node:path';
import type { TfjsRuntime } from '../../lib/model/bundle/derived-files';

const ROOT = join(__dirname, '..', '..');

/** The handler bundles' esbuild options from serverless.yml `custom.esbuild` that matter for this file. */
export const LAYERS_RUNTIME_BUILD: BuildOptions = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // tfjs backends register themselves in a side-effect-only import that only the ESM entry points keep.
  mainFields: ['module', 'main'],
  external: ['@aws-sdk/*', 'node-fetch'],
  logLevel: 'silent',
};

/**
 * A cpu model's runtime file leaves the wasm backend out (its glue is ~0.2 MB more to ship and compile): `load.ts`'s
 * import of `tf/wasm` becomes a module that fails, saying what to do, should such a package meet a wasm bundle.
 */
const withoutWasm: Plugin = {
  name: 'layers-runtime-without-wasm',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/tf\/wasm$/ }, (args) =>
      /[\\/]runtimes[\\/](layers|graph)[\\/]load\.ts$/.test(args.importer)
        ? { path: 'no-wasm', namespace: 'layers-runtime-without-wasm' }
        : undefined,
    );
    build.onLoad({ filter: /^no-wasm$/, namespace: 'layers-runtime-without-wasm' }, () => ({
      contents:
        "throw new Error('this runtime was built without the wasm backend, but the model is recorded as served on wasm: " +
        "package the service again with this model in model/ (packaging adds the wasm backend and its .wasm file for it)');",
      loader: 'js',
    }));
  },
};

/**
 * Writes a runtime's tfjs bundle to `outFile`.
 *
 * @param options.wasm - include the wasm backend (the model is served on it, or the file is for local runs)
 * @param options.runtime - `layers` (default) or `graph`
 */
export async function buildLayersRuntime(
  outFile: string,
  { wasm = false, runtime = 'layers' }: { wasm?: boolean; runtime?: TfjsRuntime } = {},
): Promise<void> {
  await build({
    ...LAYERS_RUNTIME_BUILD,
    entryPoints: [join(ROOT, 'lib', 'model', 'runtimes', runtime, 'load.ts')],
    outfile: outFile,
    plugins: wasm ? [] : [withoutWasm],
  });
}
