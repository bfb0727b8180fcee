/**
 * Times one tfjs backend on a bundle, in a process of its own: a process can select only one tfjs backend, and a
 * fresh one makes the load time a cold start's. `backend-choice.ts` runs it once per backend and reads the last
 * line, `TIMING {...}` (a `BackendTiming`).
 *
 *   node --import tsx scripts/import/measure-backend.ts <bundle dir> <cpu|wasm> <input as JSON>
 */
import { performance } from 'node:perf_hooks';
import type { BackendTiming, ServingBackend } from '../../lib/model/bundle/serving';
import { loadClassifier } from '../../lib/model/load-classifier';
import type { ClassifierInput } from '../../lib/model/types';
import { median, sortNumbers } from '../bench/stats';

/** Enough calls for a stable median on a busy machine, bounded so an import of a big model stays quick. */
export const BUDGET = { singleCalls: 300, singleMs: 1500, batchRows: 32, batchCalls: 40, batchMs: 700, minCalls: 5 };

export const TIMING_LINE = 'TIMING ';

/** Loads the bundle on `backend` (the load the timing starts with) and times single and batched classifications. */
export async function timeBackend(
  bundleDir: string,
  backend: ServingBackend,
  input: ClassifierInput,
): Promise<BackendTiming> {
  const started = performance.now();
  const classifier = await loadClassifier(bundleDir, { backend });
  const loadMs = performance.now() - started;
  try {
    const batch = Array.from({ length: BUDGET.batchRows }, () => input);
    // A few unmeasured calls first: the first ones on a shape compile and allocate.
    for (let i = 0; i < BUDGET.minCalls; i++) classifier.classify([input], 1);
    classifier.classify(batch, 1);
    const single = timeCalls(() => classifier.classify([input], 1), BUDGET.singleCalls, BUDGET.singleMs);
    const batched = timeCalls(() => classifier.classify(batch, 1), BUDGET.batchCalls, BUDGET.batchMs);
    return {
      loadMs: round(loadMs),
      singleMedianMs: round(median(sortNumbers(single))),
      singleCalls: single.length,
      batchPerRowMs: round(median(sortNumbers(batched)) / BUDGET.batchRows),
      batchRows: BUDGET.batchRows,
      batchCalls: batched.length,
    };
  } finally {
    classifier.dispose();
  }
}

/** Up to `calls` timings of `call`, stopping after `budgetMs` once `BUDGET.minCalls` are in. */
function timeCalls(call: () => void, calls: number, budgetMs: number): number[] {
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  while (samples.length < calls && (samples.length < BUDGET.minCalls || performance.now() < end)) {
    const t = performance.now();
    call();
    samples.push(performance.now() - t);
  }
  return samples;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

if (require.main === module) {
  const [bundleDir, backend, input] = process.argv.slice(2);
  timeBackend(bundleDir!, backend as ServingBackend, JSON.parse(input!) as ClassifierInput).then(
    (timing) => process.stdout.write(`\n${TIMING_LINE}${JSON.stringify(timing)}\n`),
    (error: Error) => {
      const cause = error.cause instanceof Error ? ` (${error.cause.message.split('\n')[0]})` : '';
      process.stderr.write(`${error.message.split('\n')[0]}${cause}\n`);
      process.exitCode = 1;
    },
  );
}
