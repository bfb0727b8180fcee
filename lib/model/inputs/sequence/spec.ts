/**
 * The `sequence` input kind as the manifest records it: text -> word ids -> a padded sequence of `maxLen` ids, the
 * way Keras's `Tokenizer` + `pad_sequences` or a `TextVectorization` layer prepared the training data.
 */

/** Keras `Tokenizer`'s default `filters`: each of these characters becomes the `split` character. */
export const KERAS_TOKENIZER_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';
/** Characters `TextVectorization`'s `lower_and_strip_punctuation` removes (Keras `DEFAULT_STRIP_REGEX`). */
export const TEXT_VECTORIZATION_STRIP = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\'';

/** How words are cut out of text: Keras `Tokenizer` (filters become `split`) or `TextVectorization` (stripped, whitespace split). */
export const STANDARDIZE_STYLES = ['tokenizer', 'text-vectorization'] as const;
export type StandardizeStyle = (typeof STANDARDIZE_STYLES)[number];

export const SIDES = ['pre', 'post'] as const;
export type Side = (typeof SIDES)[number];

/** `manifest.input` of a sequence model. */
export interface SequenceInput {
  kind: 'sequence';
  /** Bundle-relative JSON object `{word: id}` (ids from 1; 0 pads). */
  vocabularyFile: string;
  style: StandardizeStyle;
  /** Lower-case the text first. @default true */
  lower: boolean;
  /** `tokenizer`: characters replaced by `split`; `text-vectorization`: characters removed. */
  filters: string;
  /** Word separator (`tokenizer` style only; `text-vectorization` splits on whitespace). @default ' ' */
  split: string;
  /** Word whose id unknown words get; `null`: unknown words vanish. `text-vectorization`: `[UNK]`. */
  oovToken: string | null;
  /** Keras `num_words`: only ids below it are kept (others become the OOV id, or vanish). @default null */
  numWords: number | null;
  /** Sequence length the model gets. */
  maxLen: number;
  /** Where padding goes. @default 'pre' (Keras `pad_sequences`); `text-vectorization`: 'post' */
  padding: Side;
  /** Which end a long sequence loses. @default 'pre'; `text-vectorization`: 'post' */
  truncating: Side;
  /** `[pattern, replacement]`, JavaScript regular expressions applied in order with the `g` flag after lower-casing. @default [] */
  replace: [string, string][];
  /** Words dropped after `replace` (text split on whitespace), before the filters. @default [] */
  stopwords: string[];
  /** Rows of the model's Embedding (`input_dim`): no id at or above it ever reaches the model. */
  maxId: number;
}

/** Defaults of a Keras `Tokenizer` and `pad_sequences`, for what neither the spec nor the tokenizer file says. */
export const TOKENIZER_DEFAULTS = {
  lower: true,
  filters: KERAS_TOKENIZER_FILTERS,
  split: ' ',
  oovToken: null,
  numWords: null,
  padding: 'pre',
  truncating: 'pre',
  replace: [],
  stopwords: [],
} as const satisfies Partial<SequenceInput>;

/** What a `TextVectorization` layer does (`lower_and_strip_punctuation`, whitespace split, `[UNK]` = 1, output at the end). */
export const TEXT_VECTORIZATION_SETTINGS = {
  lower: true,
  filters: TEXT_VECTORIZATION_STRIP,
  split: ' ',
  oovToken: '[UNK]',
  padding: 'post',
  truncating: 'post',
} as const satisfies Partial<SequenceInput>;

/**
 * Checks a parsed `manifest.input` of kind `sequence`.
 *
 * @param fail - throws the caller's error with the message
 */
export function checkSequenceInput(v: Record<string, unknown>, fail: (message: string) => never): SequenceInput {
  if (typeof v.vocabularyFile !== 'string' || v.vocabularyFile === '') fail('input.vocabularyFile must be a file name');
  if (!(STANDARDIZE_STYLES as readonly unknown[]).includes(v.style)) fail(`input.style must be one of ${STANDARDIZE_STYLES.join(', ')}`);
  if (typeof v.lower !== 'boolean') fail('input.lower must be true or false');
  if (typeof v.filters !== 'string') fail('input.filters must be a string');
  if (typeof v.split !== 'string' || v.split === '') fail('input.split must be a non-empty string');
  if (v.oovToken !== null && typeof v.oovToken !== 'string') fail('input.oovToken must be a string or null');
  if (v.numWords !== null && !positiveInteger(v.numWords)) fail('input.numWords must be a positive integer or null');
  if (!positiveInteger(v.maxLen)) fail('input.maxLen must be a positive integer');
  if (!positiveInteger(v.maxId)) fail('input.maxId must be a positive integer');
  for (const side of ['padding', 'truncating'] as const) {
    if (!(SIDES as readonly unknown[]).includes(v[side])) fail(`input.${side} must be "pre" or "post"`);
  }
  // Array.from, not every(): every() skips the holes of a sparse array, which would then reach the destructuring below.
  const isPair = (pair: unknown) => Array.isArray(pair) && pair.length === 2 && Array.from(pair).every((s) => typeof s === 'string');
  if (!Array.isArray(v.replace) || !Array.from(v.replace).every(isPair)) {
    fail('input.replace must be a list of [pattern, replacement] string pairs');
  }
  for (const [pattern] of v.replace as [string, string][]) {
    try {
      new RegExp(pattern, 'g');
    } catch {
      fail(`input.replace: ${JSON.stringify(pattern)} is not a valid regular expression`);
    }
  }
  if (!Array.isArray(v.stopwords) || !Array.from(v.stopwords).every((s) => typeof s === 'string')) fail('input.stopwords must be a list of strings');
  return v as unknown as SequenceInput;
}

function positiveInteger(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1;
}
