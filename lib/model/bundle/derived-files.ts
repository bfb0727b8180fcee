import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where files derived from a bundle live: `model-cache/` beside the bundle directory (in the Lambda zip, beside
 * `model/`), each named by the sha256 of the bundle file it was derived from plus its kind's extension. They are
 * optional (written at package time by `scripts/derive-model-files.ts`): a bundle without them loads as before, and
 * being named by content, a derived file can never be mistaken for one of another bundle's.
 */
export const DERIVED_DIR = 'model-cache';

/** The runtimes whose tfjs half is a file of its own in a package. */
export const TFJS_RUNTIMES = ['layers', 'graph'] as const;
export type TfjsRuntime = (typeof TFJS_RUNTIMES)[number];

/**
 * A runtime's tfjs half, bundled on its own (`scripts/build/layers-runtime.ts`) into `model-cache/` when the packaged
 * model needs it; the handler bundles `require` it from there (`scripts/build/esbuild-plugins.js`, which keeps its own
 * copy of these names).
 */
export function runtimeFileName(runtime: TfjsRuntime): string {
  return `${runtime}-runtime.js`;
}

/** The generic layers runtime with tfjs-layers (see {@link runtimeFileName}). */
export const LAYERS_RUNTIME_FILE = runtimeFileName('layers');
/** The graph runtime with tfjs-converter (see {@link runtimeFileName}). */
export const GRAPH_RUNTIME_FILE = runtimeFileName('graph');

/**
 * The `.wasm` files tfjs-backend-wasm 4.22 loads in Node: it reports no thread support there (`IS_NODE`, tfjs issue
 * 3830) and every Node the service runs on has wasm SIMD, so only the SIMD build is ever read. A package of a model
 * served on wasm carries just these in `model-cache/`, beside the runtime file that reads them (`tf/wasm.ts`).
 */
export const NODE_WASM_FILES = ['tfjs-backend-wasm-simd.wasm'] as const;

/**
 * The path a derived file of `modelDir` has.
 *
 * @example
 * derivedFilePath('/var/task/model', 'ab12...', '.ngtable'); // '/var/task/model-cache/ab12....ngtable'
 */
export function derivedFilePath(modelDir: string, sourceSha256: string, extension: string): string {
  return join(dirname(modelDir), DERIVED_DIR, `${sourceSha256}${extension}`);
}

/** Reads a derived file, or gives `undefined` when there is none (or it cannot be read). */
export function readDerivedFile(modelDir: string, sourceSha256: string, extension: string): Buffer | undefined {
  try {
    return readFileSync(derivedFilePath(modelDir, sourceSha256, extension));
  } catch {
    return undefined;
  }
}
