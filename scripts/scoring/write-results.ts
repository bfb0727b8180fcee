import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PassThrough, pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { ScoredRow } from '../../lib/bulk/score-rows';
import type { FileFormat } from './file-format';

/** Which columns the output has besides `row`, `label`, `score`, `abstained` and `error`. */
export interface OutputColumns {
  /** The input's id column, echoed after `row` (absent: the input has none). */
  idColumn?: string;
  /** Whether `top` (the best labels as JSON) is written (`--top-k`). */
  top: boolean;
}

/** Writes results to a temporary file beside the output, renamed into place only when every row is written. */
export interface ResultWriter {
  /**
   * Writes a chunk's results as one string (a write per row cost the main thread a second per 60,000 rows).
   * Resolves when the file can take more, so a slow disk slows the reader instead of filling memory.
   */
  write(results: readonly ScoredRow[]): Promise<void>;
  /** Finishes the file and renames it to the output path. */
  commit(): Promise<void>;
  /** Deletes the temporary file: there is never half an output. */
  abort(): void;
}

/**
 * Opens the output. CSV gets a header and one line per row, `error` empty for classified rows; JSON Lines one
 * object per row, with `error` only where there is one.
 *
 * @param path - the output path (`.csv`, `.jsonl`, `.ndjson`, optionally `.gz`)
 */
export function openResultWriter(path: string, format: FileFormat, columns: OutputColumns): ResultWriter {
  const temporary = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
  const text = new PassThrough();
  const file = createWriteStream(temporary);
  let failure: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    pipeline([text, ...(format.gzip ? [createGzip()] : []), file], (error) => {
      if (error) {
        failure = error;
        reject(error);
      } else resolve();
    });
  });
  finished.catch(() => undefined); // observed by commit(); an abort() must not turn it into an unhandled rejection
  const line = format.kind === 'csv' ? csvLine(columns) : jsonLine(columns);
  if (format.kind === 'csv') text.write(csvHeader(columns));
  return {
    async write(results) {
      if (failure) throw failure;
      let chunk = '';
      for (const result of results) chunk += line(result);
      if (!text.write(chunk)) await new Promise<void>((resolve) => text.once('drain', resolve));
    },
    async commit() {
      text.end();
      await finished;
      renameSync(temporary, path);
    },
    abort() {
      text.destroy();
      file.destroy();
      rmSync(temporary, { force: true });
    },
  };
}

function csvHeader({ idColumn, top }: OutputColumns): string {
  const names = [
    'row',
    ...(idColumn ? [idColumn] : []),
    'label',
    'score',
    'abstained',
    ...(top ? ['top'] : []),
    'error',
  ];
  return `${names.map(csvField).join(',')}\n`;
}

function csvLine({ idColumn, top }: OutputColumns): (result: ScoredRow) => string {
  return (result) => {
    const fields = [
      String(result.row),
      ...(idColumn ? [result.id === undefined ? '' : String(result.id)] : []),
      result.label ?? '',
      result.score === undefined ? '' : String(result.score),
      result.abstained === undefined ? '' : String(result.abstained),
      ...(top ? [result.top ? JSON.stringify(result.top) : ''] : []),
      result.error ?? '',
    ];
    return `${fields.map(csvField).join(',')}\n`;
  };
}

function jsonLine({ idColumn }: OutputColumns): (result: ScoredRow) => string {
  return ({ row, id, ...rest }) =>
    `${JSON.stringify(idColumn && id !== undefined ? { row, [idColumn]: id, ...rest } : { row, ...rest })}\n`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
