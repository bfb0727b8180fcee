import { UsageError } from '../training/errors';

/** The file kinds `npm run score` reads and writes, chosen by extension. */
export const FILE_KINDS = ['csv', 'jsonl'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FileFormat {
  kind: FileKind;
  /** `.gz` on top: gzip-compressed. */
  gzip: boolean;
}

const EXTENSIONS: Record<string, FileKind> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/**
 * The format of a file from its name: `.csv`, `.jsonl` or `.ndjson`, each optionally followed by `.gz`.
 *
 * @throws UsageError naming the extensions it knows
 * @example formatOf('tickets.csv.gz') // { kind: 'csv', gzip: true }
 */
export function formatOf(path: string): FileFormat {
  const gzip = /\.gz$/i.test(path);
  const base = gzip ? path.slice(0, -3) : path;
  const extension = /\.[^./\\]+$/.exec(base)?.[0]?.toLowerCase() ?? '';
  const kind = EXTENSIONS[extension];
  if (!kind) throw new UsageError(`${path}: unknown file type; use .csv, .jsonl or .ndjson (optionally .gz)`);
  return { kind, gzip };
}
