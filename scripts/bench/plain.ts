import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The plain-tfjs baseline, bundled like the functions. */
export interface PlainBaseline {
  dir: string;
  handlerFile: string;
  handlerExport: string;
  bundleBytes: number;
  /** What it imports tfjs from. */
  tfjs: string;
}

/**
 * Bundles `plain/handler.ts` with the functions' own esbuild options (see `esbuild-options.ts`) into `into/`.
 * The umbrella `@tensorflow/tfjs` installs from npm as plain JavaScript, so that is what the baseline uses, as a
 * typical user would.
 *
 * @param options - the functions' esbuild options
 * @param into - output directory (the baseline's "zip root")
 */
export async function buildPlainBaseline(options: BuildOptions, into: string): Promise<PlainBaseline> {
  mkdirSync(into, { recursive: true });
  const outfile = join(into, 'handler.js');
  await build({
    ...options,
    entryPoints: [join(__dirname, 'plain', 'handler.ts')],
    outfile,
    write: true,
    logLevel: 'error',
  });
  return {
    dir: into,
    handlerFile: 'handler.js',
    handlerExport: 'handler',
    bundleBytes: statSync(outfile).size,
    tfjs: '@tensorflow/tfjs 4.22 (umbrella)',
  };
}
