import { createReadStream } from 'node:fs';
import { PassThrough, pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import type { BulkRow } from '../../lib/bulk/score-rows';
import { UsageError } from '../training/errors';
import type { FileFormat } from './file-format';

/** A file's rows, streamed: never more than the parser's buffer is held, whatever the file's size. */
export interface RowSource {
  /** CSV: the header's columns, known once the first row is read (`undefined` for JSON Lines). */
  columns(): readonly string[] | undefined;
  /** Bytes of the file read so far (compressed bytes for `.gz`), for the progress bar. */
  bytesRead(): number;
  rows: AsyncIterable<BulkRow>;
}

/**
 * Streams the rows of a CSV (header row first; quotes, CRLF, embedded newlines, BOM) or JSON Lines file, numbered
 * from 1. A malformed file stops the iteration with a {@link UsageError} naming the line: broken CSV quoting, a row
 * with more or fewer fields than the header, a line that is not a JSON object, a file that is not gzip.
 *
 * @param path - the file
 * @param format - its format (see `formatOf`)
 */
export function readRows(path: string, format: FileFormat): RowSource {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let columns: string[] | undefined;
  const stages = (last: NodeJS.ReadWriteStream): Readable =>
    // pipeline: an error anywhere (no such file, bad gzip, bad CSV) destroys every stage, so the loop reading the
    // last one throws it instead of waiting forever.
    pipeline(
      [createReadStream(path), counter, ...(format.gzip ? [createGunzip()] : []), last],
      () => undefined,
    ) as unknown as Readable;
  const rows =
    format.kind === 'csv'
      ? csvRows(stages(csvParser((header) => (columns = header))), path)
      : jsonLinesRows(stages(new PassThrough({ encoding: 'utf8' })), path);
  return { columns: () => columns, bytesRead: () => bytes, rows };
}

function csvParser(onHeader: (columns: string[]) => void) {
  return parse({
    bom: true,
    columns: (header: string[]) => {
      const columns = header.map((name) => name.trim());
      onHeader(columns);
      return columns;
    },
    skip_empty_lines: true,
  });
}

async function* csvRows(records: Readable, path: string): AsyncGenerator<BulkRow> {
  let row = 0;
  try {
    for await (const values of records as AsyncIterable<Record<string, string>>) yield { row: ++row, values };
  } catch (error) {
    throw malformed(path, error, 'CSV');
  }
}

async function* jsonLinesRows(text: Readable, path: string): AsyncGenerator<BulkRow> {
  let line = 0;
  let row = 0;
  try {
    for await (const content of splitLines(text)) {
      line++;
      if (content.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line === 1 ? content.replace(/^\uFEFF/, '') : content);
      } catch {
        throw new UsageError(
          `${path}: line ${line} is not JSON; each line must hold one JSON object; no output was written`,
        );
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new UsageError(`${path}: line ${line} is not a JSON object; no output was written`);
      }
      yield { row: ++row, values: value as Record<string, unknown> };
    }
  } catch (error) {
    throw malformed(path, error, 'JSON Lines');
  }
}

/** Lines of a text stream (LF or CRLF). Not readline: its iterator does not reliably rethrow the stream's errors. */
async function* splitLines(text: Readable): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of text as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  if (rest !== '') yield rest;
}

function malformed(path: string, error: unknown, kind: string): UsageError {
  if (error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`${path}: no such file`);
  if (code === 'EISDIR') return new UsageError(`${path}: is a directory`);
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
    return new UsageError(`${path}: not a valid gzip file (${(error as Error).message}); no output was written`);
  // csv-parse names the line in its message ("... at line 3", "... on line 4").
  return new UsageError(`${path}: malformed ${kind}: ${(error as Error).message}; no output was written`);
}
