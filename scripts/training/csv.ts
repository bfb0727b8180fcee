import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { UsageError } from './errors';

/** One labelled example. */
export interface LabelledRow {
  text: string;
  label: string;
}

export interface LabelledCsv {
  rows: LabelledRow[];
  /** Rows dropped because their text (or label) was empty. */
  skipped: number;
}

/**
 * Reads a labelled CSV with a header row (quotes, CRLF, embedded newlines, UTF-8 with or without BOM).
 * Rows whose text or label is blank are skipped and counted.
 *
 * @throws UsageError for a missing/empty file, a missing column (naming the columns found) or malformed CSV
 */
export function readLabelledCsv(path: string, textColumn: string, labelColumn: string): LabelledCsv {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`data file not found: ${path}`);
  const content = readFileSync(path, 'utf8');
  if (content.replace(/^\uFEFF/, '').trim() === '') throw new UsageError(`data file is empty: ${path}`);
  let records: Record<string, string>[];
  let columns: string[] = [];
  try {
    records = parse(content, {
      bom: true,
      columns: (header: string[]) => (columns = header.map((h) => h.trim())),
      skip_empty_lines: true,
      relax_column_count: true,
    }) as Record<string, string>[];
  } catch (error) {
    throw new UsageError(`could not parse ${path} as CSV: ${(error as Error).message}`);
  }
  for (const column of [textColumn, labelColumn]) {
    if (!columns.includes(column)) {
      throw new UsageError(`column "${column}" not found in ${path}; columns found: ${columns.join(', ') || '(none)'}`);
    }
  }
  const rows: LabelledRow[] = [];
  let skipped = 0;
  for (const record of records) {
    const text = record[textColumn] ?? '';
    const label = (record[labelColumn] ?? '').trim();
    if (text.trim() === '' || label === '') skipped++;
    else rows.push({ text, label });
  }
  return { rows, skipped };
}
