/**
 * One `npm run score` worker thread: loads the bundle once, then answers each chunk of rows with the shared
 * `scoreRows` (the `scoreBatch` Lambda's function). Messages: see worker-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scoreRows, type BulkRow, type ScoreSettings } from '../../lib/bulk/score-rows';
import { loadClassifier, ModelLoadError } from '../../lib/model/load-classifier';
import type { WorkerReply, WorkerSetup } from './worker-pool';

const port = parentPort!;
const { modelDir, settings } = workerData as WorkerSetup;

loadClassifier(modelDir).then(
  (classifier) => {
    port.on('message', ({ id, rows }: { id: number; rows: BulkRow[] }) => {
      let reply: WorkerReply;
      try {
        reply = { type: 'scored', id, results: scoreRows(classifier, rows, settings as ScoreSettings) };
      } catch (error) {
        reply = { type: 'failed', id, message: (error as Error).message };
      }
      port.postMessage(reply);
    });
    port.postMessage({ type: 'ready', info: classifier.info } satisfies WorkerReply);
  },
  // The reason alone ("manifest.json: missing or unreadable"): the pool names the bundle directory.
  (error: unknown) =>
    port.postMessage({
      type: 'load-failed',
      message: error instanceof ModelLoadError ? error.reason : String(error),
    } satisfies WorkerReply),
);
