import type { BuildOptions } from 'esbuild';
import { expectSuccess, runServerless } from '../support/serverless-cli';
import type { ServiceSandbox } from '../support/service-sandbox';

/** serverless-esbuild settings that are the plugin's own, not esbuild options. */
const PLUGIN_ONLY = new Set([
  'exclude',
  'packager',
  'packagerOptions',
  'installExtraArgs',
  'concurrency',
  'zipConcurrency',
  'keepOutputDirectory',
  'nativeZip',
  'outputWorkFolder',
  'outputBuildFolder',
  'outputFileExtension',
  'watch',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
  'config',
  // A path to our own plugins file (scripts/build/), which the bench requires itself where they apply (the
  // per-dependency bundles); the plain baseline has nothing they touch.
  'plugins',
]);

/**
 * The esbuild options serverless-esbuild builds the functions with, read from the resolved `custom.esbuild` of
 * serverless.yml (`serverless print`), so anything the bench builds itself (the plain-tfjs baseline, the
 * per-dependency bundles) is built exactly like the functions, whatever serverless.yml says tomorrow.
 * The plugin's `exclude` list becomes esbuild's `external`, as the plugin does.
 *
 * @param sandbox - where to run the CLI
 */
export async function readFunctionBuildOptions(sandbox: ServiceSandbox): Promise<BuildOptions> {
  const printed = expectSuccess(
    await runServerless(['print', '--path', 'custom.esbuild', '--format', 'json'], sandbox),
    'serverless print',
  );
  return toBuildOptions(JSON.parse(printed.stdout.slice(printed.stdout.indexOf('{'))) as Record<string, unknown>);
}

/**
 * Maps serverless-esbuild's `custom.esbuild` block to esbuild build options.
 *
 * @example
 * toBuildOptions({ minify: true, target: 'node22', exclude: ['node-fetch'] })
 * // { minify: true, target: 'node22', external: ['node-fetch'], bundle: true, platform: 'node' }
 */
export function toBuildOptions(custom: Readonly<Record<string, unknown>>): BuildOptions {
  const options: Record<string, unknown> = { bundle: true, platform: 'node' };
  for (const [key, value] of Object.entries(custom)) if (!PLUGIN_ONLY.has(key)) options[key] = value;
  const exclude = Array.isArray(custom.exclude) ? (custom.exclude as string[]) : [];
  const external = Array.isArray(custom.external) ? (custom.external as string[]) : [];
  if (exclude.length + external.length > 0) options.external = [...external, ...exclude];
  return options as BuildOptions;
}
