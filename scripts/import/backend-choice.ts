/**
 * Chooses the tfjs backend an imported model is served on, by measuring both on the bundle just written (the
 * figures differ by model: for the example LSTM the cpu backend wins single texts and cold start, wasm wins big
 * batches), and says why in `manifest.serving` (`lib/model/bundle/serving.ts`).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  SERVING_BACKENDS,
  type BackendTiming,
  type ServingBackend,
  type ServingRecord,
} from '../../lib/model/bundle/serving';
import type { ClassifierInput } from '../../lib/model/types';
import { UsageError } from '../training/errors';
import { TIMING_LINE } from './measure-backend';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** What `--backend` takes: a backend, or `auto` to measure both and keep the faster. */
export const BACKEND_REQUESTS = ['auto', ...SERVING_BACKENDS] as const;
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];

/**
 * How much faster wasm's single-request median must be to be chosen: within it, cpu stays, since it needs no
 * `.wasm` file in the package and usually starts sooner; and medians on a busy machine move by a few percent.
 */
export const WASM_MARGIN = 0.1;

/**
 * Checks a `--backend` value before anything is written.
 *
 * @throws UsageError naming the values it takes
 */
export function checkBackendRequest(value: unknown): BackendRequest {
  if (value === undefined) return 'auto';
  if (!(BACKEND_REQUESTS as readonly unknown[]).includes(value))
    throw new UsageError(`--backend ${String(value)}: must be one of ${BACKEND_REQUESTS.join(', ')}`);
  return value as BackendRequest;
}

/** The backend with the lower single-request median, cpu unless wasm is faster by more than {@link WASM_MARGIN}. */
export function fasterBackend(cpu: BackendTiming, wasm: BackendTiming): ServingBackend {
  return wasm.singleMedianMs < cpu.singleMedianMs * (1 - WASM_MARGIN) ? 'wasm' : 'cpu';
}

/**
 * Measures the bundle and decides its backend: both when `request` is `auto` (cpu if wasm fails, saying why), only
 * the forced one otherwise (which must load).
 *
 * @param input - one typical input (the import's sample), classified alone and in a batch
 * @param measure - how one backend is timed (tests pass figures of their own)
 * @throws UsageError when a forced backend, or cpu, does not serve the bundle
 */
export async function chooseServing(
  bundleDir: string,
  request: BackendRequest,
  input: ClassifierInput,
  measure: MeasureBackend = measureBackend,
): Promise<ServingRecord> {
  if (request !== 'auto') {
    const timing = await measure(bundleDir, request, input).catch((error: Error) => {
      throw new UsageError(
        `--backend ${request}: the bundle does not load on the ${request} backend: ${error.message}`,
      );
    });
    return { backend: request, chosenBy: 'user', measured: { [request]: timing } };
  }
  // One after the other (two at once would share the cores and skew each other's figures), alternating over
  // MEASURE_ROUNDS rounds and keeping each backend's best round: a single round each let a busy moment of the machine
  // pick wasm for the example LSTM in one run and cpu in the next.
  let cpu: BackendTiming | undefined;
  let wasm: BackendTiming | undefined;
  for (let round = 0; round < MEASURE_ROUNDS; round++) {
    const cpuRound = await measure(bundleDir, 'cpu', input).catch((error: Error) => {
      throw new UsageError(`the bundle does not load on the cpu backend in a fresh process: ${error.message}`);
    });
    cpu = faster(cpu, cpuRound);
    let wasmRound: BackendTiming;
    try {
      wasmRound = await measure(bundleDir, 'wasm', input);
    } catch (error) {
      return { backend: 'cpu', chosenBy: 'wasm-failed', measured: { cpu }, wasmError: (error as Error).message };
    }
    wasm = faster(wasm, wasmRound);
  }
  return { backend: fasterBackend(cpu!, wasm!), chosenBy: 'measured', measured: { cpu: cpu!, wasm: wasm! } };
}

/** Rounds of (cpu, wasm) measurements `auto` alternates; each backend's best round counts. */
export const MEASURE_ROUNDS = 2;

function faster(best: BackendTiming | undefined, next: BackendTiming): BackendTiming {
  return best === undefined || next.singleMedianMs < best.singleMedianMs ? next : best;
}

export type MeasureBackend = (
  bundleDir: string,
  backend: ServingBackend,
  input: ClassifierInput,
) => Promise<BackendTiming>;

/**
 * Times one backend in a fresh process (`measure-backend.ts`).
 *
 * @throws Error with the child's first line of complaint
 */
export async function measureBackend(
  bundleDir: string,
  backend: ServingBackend,
  input: ClassifierInput,
): Promise<BackendTiming> {
  let stdout: string;
  try {
    ({ stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'measure-backend.ts'), bundleDir, backend, JSON.stringify(input)],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    ));
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error((stderr?.trim() || message).split('\n')[0]!, { cause: error });
  }
  const line = stdout.split('\n').find((l) => l.startsWith(TIMING_LINE));
  if (!line) throw new Error(`the ${backend} measurement printed no timing`);
  return JSON.parse(line.slice(TIMING_LINE.length)) as BackendTiming;
}
