/**
 * `manifest.serving` of an imported bundle: the tfjs backend it is served on, and the figures that chose it. Kept
 * apart from tfjs (`tf/core.ts` has the same names) so reading a manifest never loads it.
 */

/** The tfjs backends an imported model can be served on. */
export const SERVING_BACKENDS = ['cpu', 'wasm'] as const;
export type ServingBackend = (typeof SERVING_BACKENDS)[number];

/**
 * How the backend was chosen: `measured`, the faster one at import; `user`, forced with `--backend`; `wasm-failed`,
 * cpu because the wasm backend could not be measured (`wasmError` says why).
 */
export const CHOSEN_BY = ['measured', 'user', 'wasm-failed'] as const;
export type ChosenBy = (typeof CHOSEN_BY)[number];

/** One backend's figures on the bundle, each from a fresh process (a process can select only one tfjs backend). */
export interface BackendTiming {
  /** From nothing loaded to a warmed-up classifier: tfjs, the backend (and its `.wasm`), the model, one prediction. */
  loadMs: number;
  /** Median of `singleCalls` warm classifications of one input. */
  singleMedianMs: number;
  singleCalls: number;
  /** Median time of one classification of `batchRows` inputs, divided by `batchRows`. */
  batchPerRowMs: number;
  batchRows: number;
  batchCalls: number;
}

export interface ServingRecord {
  backend: ServingBackend;
  chosenBy: ChosenBy;
  /** Figures per backend measured at import (a forced backend is the only one measured). */
  measured: Partial<Record<ServingBackend, BackendTiming>>;
  /** The wasm backend's failure, when it was tried and could not be measured. */
  wasmError?: string;
}

const TIMING_COUNTS = ['singleCalls', 'batchRows', 'batchCalls'] as const;
const TIMING_MS = ['loadMs', 'singleMedianMs', 'batchPerRowMs'] as const;

/**
 * Checks a parsed `manifest.serving`.
 *
 * @param fail - throws the caller's error with the message
 */
export function checkServing(value: unknown, fail: (message: string) => never): ServingRecord {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('serving must be an object');
  const v = value as Record<string, unknown>;
  if (!(SERVING_BACKENDS as readonly unknown[]).includes(v.backend)) fail(`serving.backend must be one of ${SERVING_BACKENDS.join(', ')} (got ${JSON.stringify(v.backend)})`);
  if (!(CHOSEN_BY as readonly unknown[]).includes(v.chosenBy)) fail(`serving.chosenBy must be one of ${CHOSEN_BY.join(', ')}`);
  const measured = v.measured;
  if (measured === null || typeof measured !== 'object' || Array.isArray(measured)) fail('serving.measured must be an object');
  for (const [backend, timing] of Object.entries(measured as object)) {
    if (!(SERVING_BACKENDS as readonly string[]).includes(backend)) fail(`serving.measured.${backend} is not a backend (${SERVING_BACKENDS.join(', ')})`);
    const t = timing as Record<string, unknown> | null;
    if (t === null || typeof t !== 'object') fail(`serving.measured.${backend} must be an object`);
    for (const key of TIMING_MS) if (typeof t![key] !== 'number' || !(t![key] >= 0) || !Number.isFinite(t![key])) fail(`serving.measured.${backend}.${key} must be a number of ms`);
    for (const key of TIMING_COUNTS) if (!Number.isInteger(t![key]) || (t![key] as number) < 1) fail(`serving.measured.${backend}.${key} must be a positive count`);
  }
  if (v.wasmError !== undefined && typeof v.wasmError !== 'string') fail('serving.wasmError must be a string');
  return value as ServingRecord;
}

/** The backend a bundle is served on: its record's, or cpu for bundles imported before it was recorded. */
export function servingBackendOf(manifest: object): ServingBackend {
  const serving = (manifest as { serving?: ServingRecord }).serving;
  return serving?.backend ?? 'cpu';
}
