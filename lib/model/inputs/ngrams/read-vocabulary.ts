import { decodeTableFile } from './table-file';
import { vocabularyFromJson, type Vocabulary } from './vocabulary';

/** A vocabulary and where it came from. */
export interface ReadVocabulary {
  vocabulary: Vocabulary;
  /** `table`: the derived table file; `json`: `vocab.json` itself. */
  from: 'table' | 'json';
  /** Why a table file that was there was not used. */
  tableIgnored?: string;
}

/**
 * Reads a bundle's vocabulary from its derived table file when there is one made from this very `vocab.json`
 * (see `table-file.ts`), else from the JSON. Both give the same vocabulary; the table only loads faster.
 *
 * @param json - reads the verified bytes of `vocab.json` (called only when the table file does not apply)
 * @param sha256 - their sha256, as the manifest pins it
 * @param table - the derived table file's bytes, if any
 * @param trusted - the table file belongs to a package packaging verified (see `decodeTableFile`)
 * @throws Error with a short, client-safe message when the JSON is malformed
 */
export function readVocabulary(json: () => Uint8Array, sha256: string, table: Uint8Array | undefined, { trusted = false } = {}): ReadVocabulary {
  const decoded = table && decodeTableFile(table, sha256, { trusted });
  if (decoded && typeof decoded !== 'string') return { vocabulary: decoded, from: 'table' };
  const bytes = json();
  const vocabulary = vocabularyFromJson(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
  return decoded ? { vocabulary, from: 'json', tableIgnored: decoded } : { vocabulary, from: 'json' };
}
