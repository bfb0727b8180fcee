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
