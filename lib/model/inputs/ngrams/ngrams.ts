import type { PreprocessingConfig } from './config';

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Splits normalised text into word tokens (letters/digits, inner apostrophes kept). */
export function tokenize(normalized: string): string[] {
  return normalized.match(WORD) ?? [];
}

/**
 * {@link tokenize} with where each word sits in the normalised text (the same expression, so the same words).
 *
 * @example tokenizeWithOffsets("it's a card") // [{ word: "it's", start: 0, end: 4 }, { word: 'a', ... }, ...]
 */
export function tokenizeWithOffsets(normalized: string): { word: string; start: number; end: number }[] {
  return Array.from(normalized.matchAll(WORD), (m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
}

/** Prefixes keep word and character n-grams apart in one vocabulary. */
export const WORD_PREFIX = 'w:';
export const CHAR_PREFIX = 'c:';

/**
 * Receives the n-grams of a text as positions rather than strings, so a caller that only looks them up
 * (serving) never has to build the key strings. Returning `false` stops the walk.
 */
export interface NgramVisitor {
  /** The word n-gram `words[start .. start + n)`, joined by single spaces. */
  word(words: readonly string[], start: number, n: number): boolean | void;
  /** The character n-gram `piece.slice(start, end)`, where `piece` is a word (or the text) padded with a space each side. */
  char(piece: string, start: number, end: number): boolean | void;
}

/**
 * Walks every n-gram of a normalised text: word n-grams first (by size, then position), then character n-grams
 * (by piece, then size, then position). The one definition of which n-grams a text has and in what order, shared by
 * the vocabulary builder ({@link forEachNgram}) and `vectorize`.
 *
 * @param normalized - output of `normalizeText`
 * @param config - n-gram settings from the manifest
 * @param visitor - receives each n-gram
 */
export function walkNgrams(
  normalized: string,
  config: Pick<PreprocessingConfig, 'wordNgrams' | 'charNgrams' | 'charNgramMode'>,
  visitor: NgramVisitor,
): void {
  const words = tokenize(normalized);
  if (config.wordNgrams) {
    const [lo, hi] = config.wordNgrams;
    for (let n = lo; n <= hi; n++) {
      for (let i = 0; i + n <= words.length; i++) {
        if (visitor.word(words, i, n) === false) return;
      }
    }
  }
  if (config.charNgrams) {
    const [lo, hi] = config.charNgrams;
    const pieces = config.charNgramMode === 'text' ? (normalized ? [normalized] : []) : words;
    for (const piece of pieces) {
      const padded = ' ' + piece + ' ';
      for (let n = lo; n <= hi; n++) {
        for (let i = 0; i + n <= padded.length; i++) {
          if (visitor.char(padded, i, i + n) === false) return;
        }
      }
    }
  }
}

/** The key of a word n-gram without its prefix (`n === 1` reuses the word itself). */
export function wordNgram(words: readonly string[], start: number, n: number): string {
  return n === 1 ? words[start]! : words.slice(start, start + n).join(' ');
}

/**
 * Calls `visit` with every n-gram key of a normalised text (`w:` and `c:` prefixed), in {@link walkNgrams} order.
 * Keys repeat when an n-gram occurs more than once (the caller counts them).
 * Returning `false` from `visit` stops the walk early.
 *
 * @param normalized - output of {@link normalizeText}
 * @param config - n-gram settings from the manifest
 * @param visit - receives each n-gram key
 */
export function forEachNgram(
  normalized: string,
  config: Pick<PreprocessingConfig, 'wordNgrams' | 'charNgrams' | 'charNgramMode'>,
  visit: (key: string) => boolean | void,
): void {
  walkNgrams(normalized, config, {
    word: (words, start, n) => visit(WORD_PREFIX + wordNgram(words, start, n)),
    char: (piece, start, end) => visit(CHAR_PREFIX + piece.slice(start, end)),
  });
}
