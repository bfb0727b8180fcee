/**
 * Bundles the generic layers runtime (`lib/model/runtimes/layers/load.ts`: tfjs-core, cpu backend, tfjs-layers) into
 * one file for a Lambda package, with the options serverless.yml gives serverless-esbuild for the handlers (a test
 * keeps the two in step). `scripts/derive-model-files.ts` calls it when the model being packaged needs the runtime.
 */
import { build, type BuildOptions } from 'esbuild';
import { join } from 'node:path';

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

/** Writes the layers runtime bundle to `outFile`. */
export async function buildLayersRuntime(outFile: string): Promise<void> {
  await build({ ...LAYERS_RUNTIME_BUILD, entryPoints: [join(ROOT, 'lib', 'model', 'runtimes', 'layers', 'load.ts')], outfile: outFile });
}
