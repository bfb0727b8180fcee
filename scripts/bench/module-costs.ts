import { build, type BuildOptions, type Plugin } from 'esbuild';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './events';
import { round, summarize } from './stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const FUNCTION_PLUGINS = require('../build/esbuild-plugins.js') as Plugin[];

/** A dependency whose module evaluation the bench times on its own. */
export interface ModuleEntry {
  name: string;
  /** Source of a one-file entry point, resolved from the project root. */
  source: string;
}

/** An empty bundle: what `require()` of any file costs (resolving, reading, the first require of the process). */
export const EMPTY = '(empty bundle)';

/** What the functions import, one dependency at a time (the serving tfjs through the module that wraps it). */
export const MODULE_ENTRIES: readonly ModuleEntry[] = [
  { name: EMPTY, source: '' },
  {
    name: 'model loader (lib/model/load-classifier.ts; tfjs is not in it)',
    source: "export * from './lib/model/load-classifier';",
  },
  {
    name: 'layers runtime file, imported models only (tfjs-core, backends, tfjs-layers)',
    source: "export * from './lib/model/runtimes/layers/load';",
  },
  {
    name: '@aws-lambda-powertools/logger',
    source: "export * from '@aws-lambda-powertools/logger'; export * from '@aws-lambda-powertools/logger/middleware';",
  },
  {
    name: '@aws-lambda-powertools/metrics',
    source:
      "export * from '@aws-lambda-powertools/metrics'; export * from '@aws-lambda-powertools/metrics/middleware';",
  },
  { name: '@middy/core', source: "export { default } from '@middy/core';" },
  { name: 'HTTP stack (lib/http/stack.ts, with the above but tfjs)', source: "export * from './lib/http/stack';" },
  { name: '@tensorflow/tfjs umbrella (the plain baseline)', source: "export * from '@tensorflow/tfjs';" },
];

export interface ModuleCost {
  name: string;
  bundleBytes: number;
  /** `require()` of the bundle alone in a fresh node, median over the rounds. */
  requireMs: number;
  /** Median over the rounds of this bundle's require minus the empty bundle's in the same round. */
  overEmptyMs: number;
}

/**
 * Bundles each entry with the functions' esbuild options and times `require()` of it in fresh processes, in
 * interleaved rounds. The figures overlap (the stack includes Powertools and middy), they are not a sum: each says
 * what one dependency costs a cold start on its own.
 *
 * @param options - the functions' esbuild options
 * @param into - where to write the bundles
 * @param runs - rounds
 */
export async function measureModuleCosts(options: BuildOptions, into: string, runs: number): Promise<ModuleCost[]> {
  const bundles: { name: string; file: string; bytes: number }[] = [];
  for (const [i, entry] of MODULE_ENTRIES.entries()) {
    const file = join(into, `module-${i}.js`);
    const result = await build({
      ...options,
      // The functions' own plugins (serverless.yml custom.esbuild.plugins): the model loader's layers runtime
      // becomes the separate file, as in the handler bundles.
      plugins: FUNCTION_PLUGINS,
      stdin: { contents: entry.source, resolveDir: projectRoot, sourcefile: `module-${i}.ts`, loader: 'ts' },
      outfile: file,
      write: true,
      metafile: true,
      logLevel: 'error',
    });
    bundles.push({ name: entry.name, file, bytes: Object.values(result.metafile.outputs)[0]?.bytes ?? 0 });
  }
  const times = bundles.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, b] of bundles.entries()) times[i]!.push(await timeRequire(b.file));
  }
  // times[0] is the empty bundle (first entry).
  return bundles.map((b, i) => ({
    name: b.name,
    bundleBytes: b.bytes,
    requireMs: round(summarize(times[i]!).median),
    overEmptyMs: round(summarize(times[i]!.map((t, r) => t - times[0]![r]!)).median),
  }));
}

function timeRequire(file: string): Promise<number> {
  const source = `const t = performance.now(); require(${JSON.stringify(file)}); process.stderr.write('REQUIRE-MS ' + (performance.now() - t) + '\\n');`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', source], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH, LANG: 'C.UTF-8' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /REQUIRE-MS ([\d.]+)/.exec(stderr);
      if (code !== 0 || !match) reject(new Error(`require of ${file} failed (exit ${code}):\n${stderr.slice(-2000)}`));
      else resolve(Number(match[1]));
    });
  });
}
