/**
 * The scoreBatch worker's own work per row: `scoreRows` (what the Lambda runs on each Distributed Map batch) over
 * batches of the state machine's size, on one thread, after a warm-up. The figure docs/bulk-scoring.md's cost per million
 * rows is computed from.
 */
import { scoreRows, type BulkRow } from '../../lib/bulk/score-rows';
import { resolveModelDir } from '../../lib/model/bundle/model-dir';
import { loadClassifier } from '../../lib/model/load-classifier';
import { benchTexts } from './texts';
import { serveWorker } from './worker';

export interface BulkRowInput {
  batchRows: number;
  minMs: number;
}

export interface BulkRowResult {
  rows: number;
  ms: number;
  msPerRow: number;
}

/** Every distinct bench text, repeated to fill a batch. */
const DISTINCT_TEXTS = 160;

serveWorker<BulkRowInput, BulkRowResult>(async ({ batchRows, minMs }) => {
  const classifier = await loadClassifier(resolveModelDir(__dirname, {}));
  const texts = benchTexts(DISTINCT_TEXTS);
  const batch: BulkRow[] = Array.from({ length: batchRows }, (_, i) => ({
    row: i + 1,
    values: { id: String(i), text: texts[i % texts.length]! },
  }));
  const settings = { textColumn: 'text', idColumn: 'id', maxTextChars: 2000 };
  for (let i = 0; i < 20; i++) scoreRows(classifier, batch, settings);
  let rows = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    scoreRows(classifier, batch, settings);
    rows += batch.length;
  }
  const ms = performance.now() - started;
  return { rows, ms, msPerRow: ms / rows };
});
