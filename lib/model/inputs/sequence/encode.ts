import type { Side } from './spec';

/** What {@link wordsToIds} needs from a bundle's sequence input. */
export interface IdRules {
  wordIndex: ReadonlyMap<string, number>;
  /** Id unknown (or cut) words get, or `undefined` when they vanish. */
  oovId: number | undefined;
  /** Ids at or above this are cut: `min(numWords, maxId)`. */
  idLimit: number;
}

/**
 * Keras `Tokenizer.texts_to_sequences` for one text's words: known words become their id; an id at or above
 * `idLimit` (Keras `num_words`, and the Embedding's `input_dim`) becomes the OOV id, or vanishes without one; unknown
 * words become the OOV id, or vanish.
 */
export function wordsToIds(words: readonly string[], rules: IdRules): number[] {
  const ids: number[] = [];
  for (const word of words) {
    const id = rules.wordIndex.get(word);
    if (id !== undefined && id < rules.idLimit) ids.push(id);
    else if (rules.oovId !== undefined) ids.push(rules.oovId);
  }
  return ids;
}

/**
 * Keras `pad_sequences` for one sequence into `out[offset .. offset + maxLen)` (which must hold zeros): a long
 * sequence loses its start (`truncating: 'pre'`) or its end (`'post'`); a short one gets zeros before (`padding:
 * 'pre'`) or after (`'post'`).
 */
export function padInto(ids: readonly number[], out: Int32Array, offset: number, maxLen: number, padding: Side, truncating: Side): void {
  const kept = ids.length <= maxLen ? ids : truncating === 'pre' ? ids.slice(ids.length - maxLen) : ids.slice(0, maxLen);
  const start = padding === 'pre' ? offset + maxLen - kept.length : offset;
  for (let i = 0; i < kept.length; i++) out[start + i] = kept[i]!;
}
