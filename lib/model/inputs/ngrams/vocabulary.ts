import { NgramTable } from './ngram-table';

/** The n-gram vocabulary of a bundle: key -> id (1-based, 0 is padding) and each id's idf. */
export interface Vocabulary {
  /** Every token and its id, as a Map. Built on first use: `vectorize` looks tokens up in `table` instead. */
  readonly ids: ReadonlyMap<string, number>;
  /** Every token and its id, looked up in place by `vectorize` (see `ngram-table.ts`). */
  readonly table: NgramTable;
  /** idf by id; index 0 (padding) is 0. */
  readonly idf: Float32Array;
  readonly size: number;
}

/** The vocabulary file's JSON shape: token i has id i + 1. */
export interface VocabularyFile {
  tokens: string[];
  idf: number[];
}

/**
 * Builds a {@link Vocabulary} from the parsed vocabulary file, checking its shape.
 *
 * @throws Error with a short, client-safe message when the file is malformed
 */
export function vocabularyFromJson(json: unknown): Vocabulary {
  const file = json as Partial<VocabularyFile> | null;
  if (!file || !Array.isArray(file.tokens) || !Array.isArray(file.idf) || file.tokens.length !== file.idf.length) {
    throw new Error('vocabulary file must hold "tokens" and "idf" arrays of the same length');
  }
  const tokens: unknown[] = file.tokens;
  const weights: unknown[] = file.idf;
  const table = new NgramTable(tokens.length);
  const idf = new Float32Array(tokens.length + 1);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const weight = weights[i];
    if (typeof token !== 'string' || typeof weight !== 'number' || !Number.isFinite(weight) || !table.add(token, i + 1)) {
      throw new Error(`vocabulary entry ${i} is not a unique string with a finite idf`);
    }
    idf[i + 1] = weight;
  }
  return vocabularyFromTable(table, idf);
}

/**
 * A {@link Vocabulary} over a table already built (from `vocab.json`, or a derived table file, see `table-file.ts`).
 *
 * @param table - every token and its id
 * @param idf - idf by id, index 0 (padding) is 0; one more entry than the table has tokens
 * @throws Error when the idf does not fit the table
 */
export function vocabularyFromTable(table: NgramTable, idf: Float32Array): Vocabulary {
  if (idf.length !== table.size + 1) throw new Error(`vocabulary has ${table.size} tokens but ${idf.length - 1} idf values`);
  let ids: Map<string, number> | undefined;
  return {
    get ids() {
      ids ??= new Map(Array.from({ length: table.size }, (_, i) => [table.token(i + 1), i + 1] as const));
      return ids;
    },
    table,
    idf,
    size: table.size,
  };
}
