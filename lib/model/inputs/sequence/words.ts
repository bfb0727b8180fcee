import { joinTracked, mapTransform, replaceTracked, sliceTracked, spanOf, track, type TrackedText } from '../tracked-text';
import type { SequenceInput } from './spec';

/** The settings {@link textToWords} reads; compiled once per bundle by {@link compileWordRules}. */
export interface WordRules {
  lower: boolean;
  replace: readonly [RegExp, string][];
  stopwords: ReadonlySet<string>;
  /** Every filter character, for a one-pass scan. */
  filters: ReadonlySet<string>;
  style: SequenceInput['style'];
  split: string;
}

/** Compiles a sequence input's text settings (regular expressions, sets) once. */
export function compileWordRules(input: Pick<SequenceInput, 'lower' | 'replace' | 'stopwords' | 'filters' | 'style' | 'split'>): WordRules {
  return {
    lower: input.lower,
    replace: input.replace.map(([pattern, replacement]) => [new RegExp(pattern, 'g'), replacement]),
    stopwords: new Set(input.stopwords),
    filters: new Set(input.filters),
    style: input.style,
    split: input.split,
  };
}

const WHITESPACE = /\s+/;

/**
 * Cuts a text into words as the model's training pipeline did:
 *
 * 1. lower-case (when `lower`);
 * 2. each `replace` pattern in order (`g` flag; `$1` names a group);
 * 3. drop `stopwords` (the text split on whitespace, then joined with one space);
 * 4. `tokenizer` style, Keras `text_to_word_sequence`: each `filters` character becomes `split`, the text is split
 *    on `split`, empty pieces dropped. `text-vectorization` style, `lower_and_strip_punctuation`: `filters`
 *    characters are removed and the text is split on whitespace.
 *
 * @example
 * textToWords('Hello, World!', compileWordRules({ ...TOKENIZER_DEFAULTS, style: 'tokenizer' })); // ['hello', 'world']
 */
export function textToWords(text: string, rules: WordRules): string[] {
  let t = rules.lower ? text.toLowerCase() : text;
  for (const [pattern, replacement] of rules.replace) t = t.replace(pattern, replacement);
  if (rules.stopwords.size > 0) {
    t = t
      .split(WHITESPACE)
      .filter((word) => word !== '' && !rules.stopwords.has(word))
      .join(' ');
  }
  if (rules.style === 'text-vectorization') {
    let stripped = '';
    for (const ch of t) if (!rules.filters.has(ch)) stripped += ch;
    return stripped.split(WHITESPACE).filter((word) => word !== '');
  }
  let translated = '';
  for (const ch of t) translated += rules.filters.has(ch) ? rules.split : ch;
  return translated.split(rules.split).filter((word) => word !== '');
}

/**
 * {@link textToWords} with the characters of `text` each word came from: the same steps, tracked (see
 * `../tracked-text.ts`), so `textToWordSpans(text, rules).map((w) => w.word)` is always `textToWords(text, rules)`.
 * A word a `replace` pattern made from several places spans all of them.
 *
 * @example textToWordSpans('Hello, World!', rules) // [{ word: 'hello', start: 0, end: 5 }, { word: 'world', start: 7, end: 12 }]
 */
export function textToWordSpans(text: string, rules: WordRules): { word: string; start: number; end: number }[] {
  let t = track(text);
  if (rules.lower) t = mapTransform(t, (piece) => piece.toLowerCase());
  for (const [pattern, replacement] of rules.replace) t = replaceTracked(t, pattern, replacement);
  if (rules.stopwords.size > 0) {
    const kept = Array.from(t.text.matchAll(NON_WHITESPACE), (m) => sliceTracked(t, m.index, m.index + m[0].length));
    t = joinTracked(kept.filter((word) => !rules.stopwords.has(word.text)), ' ');
  }
  const pieces: TrackedText[] = [];
  if (rules.style === 'text-vectorization') {
    const stripped = mapCodePoints(t, (ch) => (rules.filters.has(ch) ? '' : ch));
    for (const m of stripped.text.matchAll(NON_WHITESPACE)) pieces.push(sliceTracked(stripped, m.index, m.index + m[0].length));
  } else {
    const translated = mapCodePoints(t, (ch) => (rules.filters.has(ch) ? rules.split : ch));
    // `split('')` cuts between UTF-16 units, as textToWords's does.
    if (rules.split === '') for (let i = 0; i < translated.text.length; i++) pieces.push(sliceTracked(translated, i, i + 1));
    let start = 0;
    while (rules.split !== '' && start <= translated.text.length) {
      const at = translated.text.indexOf(rules.split, start);
      const end = at === -1 ? translated.text.length : at;
      if (end > start) pieces.push(sliceTracked(translated, start, end));
      if (at === -1) break;
      start = at + rules.split.length;
    }
  }
  return pieces.map((piece) => ({ word: piece.text, ...spanOf(piece, 0, piece.text.length) }));
}

/** Same as `/\s+/` splitting with empty pieces dropped: the runs between whitespace. */
const NON_WHITESPACE = /\S+/g;

/** Replaces each code point of a tracked text by what `replace` gives for it (the replacement keeps its source). */
function mapCodePoints(t: TrackedText, replace: (ch: string) => string): TrackedText {
  const pieces: TrackedText[] = [];
  let at = 0;
  for (const ch of t.text) {
    const span = spanOf(t, at, at + ch.length);
    const out = replace(ch);
    pieces.push({ text: out, from: new Array<number>(out.length).fill(span.start), to: new Array<number>(out.length).fill(span.end) });
    at += ch.length;
  }
  return joinTracked(pieces, '');
}
