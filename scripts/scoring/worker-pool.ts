import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BulkRow, ScoreSettings, ScoredRow } from '../../lib/bulk/score-rows';
import type { ModelInfo } from '../../lib/model/types';
import { UsageError } from '../training/errors';

/** What each worker is started with. */
export interface WorkerSetup {
  modelDir: string;
  settings: ScoreSettings;
}

/** A worker's messages to the pool. */
export type WorkerReply =
  | { type: 'ready'; info: ModelInfo }
  | { type: 'load-failed'; message: string }
  | { type: 'scored'; id: number; results: ScoredRow[] }
  | { type: 'failed'; id: number; message: string };

/** Worker threads that each hold the model once; chunks go to whichever is free. */
export interface WorkerPool {
  /** The loaded model's info (what it takes, its labels), for checking the input's columns. */
  readonly info: ModelInfo;
  /** Scores one chunk on the next free worker; queued while all are busy. */
  score(rows: BulkRow[]): Promise<ScoredRow[]>;
  close(): Promise<void>;
}

/**
 * The worker is TypeScript, loaded through tsx's require hook: a worker does not inherit the hooks `tsx` installed
 * in this thread, and `--import tsx` is not accepted in a worker's execArgv.
 */
const WORKER_BOOT = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, 'score-worker.ts'))});`;

interface Job {
  id: number;
  rows: BulkRow[];
  resolve: (results: ScoredRow[]) => void;
  reject: (error: Error) => void;
}

/**
 * Starts `size` workers and waits until every one has loaded the bundle.
 *
 * @throws UsageError when the bundle cannot be loaded (its reason, e.g. a missing manifest)
 */
export async function startWorkerPool(size: number, setup: WorkerSetup): Promise<WorkerPool> {
  const workers = Array.from({ length: size }, () => new Worker(WORKER_BOOT, { eval: true, workerData: setup }));
  const idle: Worker[] = [];
  const queue: Job[] = [];
  const running = new Map<Worker, Job>();
  let nextId = 0;
  let broken: Error | undefined;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const job = queue.shift()!;
      running.set(worker, job);
      worker.postMessage({ id: job.id, rows: job.rows });
    }
  };
  const fail = (error: Error) => {
    broken ??= error;
    for (const job of [...running.values(), ...queue.splice(0)]) job.reject(broken);
    running.clear();
  };

  const infos = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<ModelInfo>((resolve, reject) => {
          worker.on('message', (reply: WorkerReply) => {
            if (reply.type === 'ready') {
              idle.push(worker);
              resolve(reply.info);
              dispatch();
            } else if (reply.type === 'load-failed') {
              reject(new UsageError(`model ${setup.modelDir}: ${reply.message}`));
            } else {
              const job = running.get(worker);
              running.delete(worker);
              idle.push(worker);
              if (reply.type === 'scored') job?.resolve(reply.results);
              else job?.reject(new Error(`a worker failed: ${reply.message}`));
              dispatch();
            }
          });
          worker.on('error', (error) => {
            reject(error);
            fail(error);
          });
          worker.on('exit', (code) => {
            if (code !== 0) fail(new Error(`a worker exited with code ${code}`));
          });
        }),
    ),
  ).catch(async (error: unknown) => {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  });

  return {
    info: infos[0]!,
    score(rows) {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, rows, resolve, reject });
        dispatch();
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
