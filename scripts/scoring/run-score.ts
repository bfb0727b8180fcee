import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { ScoreOptions } from '../../lib/bulk/options';
import type { BulkRow, ScoredRow } from '../../lib/bulk/score-rows';
import type { ModelInfo } from '../../lib/model/types';
import { UsageError } from '../training/errors';
import { formatOf } from './file-format';
import { startProgress } from './progress';
import { readRows } from './read-rows';
import { startWorkerPool } from './worker-pool';
import { openResultWriter, type ResultWriter } from './write-results';

export interface ScoreRun extends ScoreOptions {
  input: string;
  output: string;
  model: string;
  /** Worker threads; default every core. */
  workers?: number;
  /** Whether `idColumn` was asked for by name (then a file without it is an error, not a file of row numbers). */
  idColumnRequired?: boolean;
  maxTextChars: number;
  stageThreshold?: number;
}

export interface ScoreSummary {
  rows: number;
  refused: number;
  seconds: number;
  rowsPerSecond: number;
}

/** Rows per message to a worker: large enough for one vectorised prediction to pay, small enough to keep all busy. */
const CHUNK_ROWS = 256;

/**
 * Scores a file: rows stream from the input in chunks to worker threads (each holding the model once) and their
 * answers are written in input order. At most a few chunks per worker are in flight, so memory stays flat whatever
 * the file's size. The output appears only when complete: a malformed input or any failure leaves none.
 *
 * @throws UsageError for bad input (malformed file, missing column) or options; nothing is written then
 */
export async function runScore(run: ScoreRun): Promise<ScoreSummary> {
  const inputFormat = formatOf(run.input);
  const outputFormat = formatOf(run.output);
  if (resolve(run.input) === resolve(run.output)) throw new UsageError('--output must not be the input file');
  const inputBytes = fileSize(run.input);
  const started = Date.now();
  const workers = run.workers ?? availableParallelism();
  const { textColumn, idColumn, topK, threshold, maxTextChars, stageThreshold } = run;
  const pool = await startWorkerPool(workers, {
    modelDir: resolve(run.model),
    settings: { textColumn, idColumn, topK, threshold, maxTextChars, stageThreshold },
  });
  const source = readRows(run.input, inputFormat);
  const progress = startProgress(inputBytes);
  let writer: ResultWriter | undefined;
  let rows = 0;
  let refused = 0;
  // Interrupted (Ctrl+C, a job's timeout): take the temporary file away too, so no half output is left behind.
  const interrupted = (signal: NodeJS.Signals) => {
    writer?.abort();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    const inFlight: Promise<ScoredRow[]>[] = [];
    const writeOldest = async () => {
      const results = await inFlight.shift()!;
      for (const result of results) if (result.error !== undefined) refused++;
      await writer!.write(results);
      progress.update(source.bytesRead(), rows);
    };
    let chunk: BulkRow[] = [];
    const send = async () => {
      // The header is known once the first row is read: check it, then open the output with its columns.
      if (!writer && inputFormat.kind === 'csv' && !source.columns()) {
        throw new UsageError(`${run.input}: empty; a CSV needs a header row; no output was written`);
      }
      writer ??= openResultWriter(run.output, outputFormat, outputColumns(source.columns(), pool.info, run));
      inFlight.push(pool.score(chunk));
      chunk = [];
      if (inFlight.length >= workers * 3) await writeOldest();
    };
    for await (const row of source.rows) {
      rows++;
      chunk.push(row);
      if (chunk.length === CHUNK_ROWS) await send();
    }
    if (chunk.length > 0 || !writer) await send();
    while (inFlight.length > 0) await writeOldest();
    await writer!.commit();
  } catch (error) {
    writer?.abort();
    throw error;
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    progress.stop();
    await pool.close();
  }
  const seconds = (Date.now() - started) / 1000;
  return { rows, refused, seconds, rowsPerSecond: rows / Math.max(seconds, 1e-3) };
}

/**
 * The output's columns, after checking the CSV header has what the model reads (the text column, or every feature)
 * and the id column when it was asked for by name. JSON Lines has no header: a row without its field is refused.
 */
function outputColumns(header: readonly string[] | undefined, info: ModelInfo, run: ScoreRun) {
  if (header) {
    const needed = info.input?.kind === 'features' ? (info.input.features ?? []) : [run.textColumn];
    const missing = [...needed, ...(run.idColumnRequired ? [run.idColumn] : [])].filter(
      (name) => !header.includes(name),
    );
    if (missing.length > 0) {
      throw new UsageError(
        `${run.input}: line 1 (the header) has no column ${missing.map((m) => `"${m}"`).join(', ')}; columns found: ${header.join(', ') || '(none)'}; no output was written`,
      );
    }
  }
  const hasIds = header ? header.includes(run.idColumn) : true;
  return { idColumn: hasIds ? run.idColumn : undefined, top: run.topK !== undefined };
}

function fileSize(path: string): number {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new UsageError(`${path}: not a file`);
    return stats.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path}: no such file`);
  }
}
