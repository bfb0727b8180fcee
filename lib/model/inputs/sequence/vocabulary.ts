import type { SequenceInput } from './spec';

/**
 * The vocabulary files people save beside a Keras or tfjs text model, named as a spec's `vocabularyFormat` forces
 * one:
 * - `word-index`: `json.dump(tokenizer.word_index)`, `{"word": id, ...}`;
 * - `tokenizer-json`: `tokenizer.to_json()` written to a file (its `config.word_index` is itself a JSON string; the
 *   whole may be JSON-encoded once more when written with `json.dump`);
 * - `vocabulary-array`: `TextVectorization.get_vocabulary()`, `["", "[UNK]", "the", ...]`;
 * - `word-id-pairs`: `[["word", id], ...]`, what `Object.entries(wordIndex)` or `list(word_index.items())` write;
 * - `token-lines`: a text file with one token per line, what `TextVectorization(vocabulary="vocab.txt")` reads.
 */
export const VOCABULARY_FORMATS = ['word-index', 'tokenizer-json', 'vocabulary-array', 'word-id-pairs', 'token-lines'] as const;
export type VocabularyFormat = (typeof VOCABULARY_FORMATS)[number];

/** Keras `tokenizer.to_json()`: settings, with `word_index` itself a JSON string. */
interface TokenizerJson {
  class_name: 'Tokenizer';
  config: {
    num_words?: number | null;
    filters?: string;
    lower?: boolean;
    split?: string;
    char_level?: boolean;
    oov_token?: string | null;
    word_index: string;
  };
}

/** A vocabulary as the import reads it: the word ids, the style it implies, and any settings it carries. */
export interface VocabularySource {
  format: VocabularyFormat;
  wordIndex: Record<string, number>;
  /** `text-vectorization` for a `get_vocabulary()` array or a token file, else `tokenizer`. */
  style: SequenceInput['style'];
  /** Settings a `tokenizer.to_json()` file records; the spec's own values win over these. */
  settings: Partial<Pick<SequenceInput, 'numWords' | 'filters' | 'lower' | 'split' | 'oovToken'>>;
  /**
   * What is odd but was kept as the model was trained with it: words with id 0 (Keras pads with 0, so they reach the
   * model as padding), ids shared by several words, words listed twice (the first id wins, as in a lookup table).
   */
  warnings: string[];
}

/** `TextVectorization`'s reserved tokens: the mask (id 0) and the OOV token (id 1); real tokens start at 2. */
const TEXT_VECTORIZATION_RESERVED = ['', '[UNK]'];

/**
 * Reads a vocabulary file in any of {@link VOCABULARY_FORMATS}, telling the form from the content when `format` is
 * not given: JSON that is an object (a `word_index`, or a `tokenizer.to_json()` by its `class_name`), an array of
 * strings, an array of `[word, id]` pairs; any text that is not a JSON object or array is a token file.
 *
 * @param text - the file's text
 * @throws Error saying what the file is, and why it is not the vocabulary asked for
 * @example
 * readVocabularySource('{"<OOV>": 1, "the": 2}').wordIndex; // { '<OOV>': 1, the: 2 }
 * readVocabularySource('the\ncat\n').wordIndex;             // { the: 2, cat: 3 }
 */
export function readVocabularySource(text: string, format?: VocabularyFormat): VocabularySource {
  const json = format === 'token-lines' ? undefined : parseJson(text);
  const found = format ?? formatOf(json);
  const warnings: string[] = [];
  switch (found) {
    case 'token-lines':
      return { format: found, wordIndex: fromTokenLines(text, warnings), style: 'text-vectorization', settings: {}, warnings };
    case 'vocabulary-array':
      return { format: found, wordIndex: fromTokenArray(json, warnings), style: 'text-vectorization', settings: {}, warnings };
    case 'word-id-pairs':
      return { format: found, wordIndex: fromPairs(json, warnings), style: 'tokenizer', settings: {}, warnings };
    case 'tokenizer-json':
      return fromTokenizerJson(json, warnings);
    case 'word-index':
      return { format: found, wordIndex: checkWordIndex(json, warnings), style: 'tokenizer', settings: {}, warnings };
  }
}

function parseJson(text: string): unknown {
  try {
    const json: unknown = JSON.parse(text);
    // `json.dump(tokenizer.to_json(), f)` writes the tokenizer's JSON as one JSON string.
    if (typeof json === 'string' && json.trimStart().startsWith('{')) return JSON.parse(json);
    return json;
  } catch {
    return undefined;
  }
}

function formatOf(json: unknown): VocabularyFormat {
  if (Array.isArray(json)) return json.length > 0 && Array.isArray(json[0]) ? 'word-id-pairs' : 'vocabulary-array';
  if (typeof json === 'object' && json !== null) return (json as { class_name?: unknown }).class_name === 'Tokenizer' ? 'tokenizer-json' : 'word-index';
  return 'token-lines';
}

/** Keras `TextFileInitializer(WHOLE_LINE -> LINE_NUMBER, offset 2)`: line n is id n + 2, no reserved tokens read. */
function fromTokenLines(text: string, warnings: string[]): Record<string, number> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new Error('the token file has no lines');
  const tokens = lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  return indexTokens(tokens, warnings);
}

/**
 * Keras `IndexLookup.set_vocabulary`: a list that starts with the reserved tokens (`get_vocabulary()`'s own output)
 * keeps its indices as ids; any other list is numbered from 2, after them.
 */
function fromTokenArray(json: unknown, warnings: string[]): Record<string, number> {
  if (!Array.isArray(json)) throw new Error(`it is ${describe(json)}, not a get_vocabulary() array of strings`);
  const tokens = Array.from(json, (token, i) => {
    if (typeof token !== 'string') throw new Error(`entry ${i} of the vocabulary array is ${describe(token)}, not a string`);
    return token;
  });
  const reserved = TEXT_VECTORIZATION_RESERVED.every((token, i) => tokens[i] === token);
  return indexTokens(reserved ? tokens.slice(TEXT_VECTORIZATION_RESERVED.length) : tokens, warnings);
}

/** Tokens numbered from 2, after the reserved ids, with the OOV token `[UNK]` = 1 (the id unknown words get). */
function indexTokens(tokens: readonly string[], warnings: string[]): Record<string, number> {
  const [, oov] = TEXT_VECTORIZATION_RESERVED;
  const first = TEXT_VECTORIZATION_RESERVED.length;
  return firstIds([[oov!, first - 1], ...tokens.map((token, i) => [token, first + i] as const)], 'token', warnings);
}

/** The pairs as a `{word: id}` object where a word listed twice keeps its first id (as a lookup table does). */
function firstIds(pairs: readonly (readonly [string, unknown])[], what: string, warnings: string[]): Record<string, number> {
  const ids = new Map<string, unknown>();
  const repeated: string[] = [];
  for (const [word, id] of pairs) {
    if (ids.has(word)) repeated.push(word);
    else ids.set(word, id);
  }
  if (repeated.length > 0) warnings.push(`${repeated.length} ${what}(s) listed more than once, e.g. ${JSON.stringify(repeated[0])}: the first id is used`);
  // fromEntries, not assignment: a word such as "__proto__" must become a key, not the object's prototype.
  return Object.fromEntries(ids) as Record<string, number>;
}

function fromPairs(json: unknown, warnings: string[]): Record<string, number> {
  if (!Array.isArray(json)) throw new Error(`it is ${describe(json)}, not an array of [word, id] pairs`);
  const pairs = Array.from(json, (pair: unknown, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
      throw new Error(`entry ${i} of the vocabulary array is ${describe(pair)}, not a [word, id] pair`);
    }
    return pair as [string, unknown];
  });
  return checkWordIndex(firstIds(pairs, 'word', warnings), warnings);
}

function fromTokenizerJson(json: unknown, warnings: string[]): VocabularySource {
  const t = json as Partial<TokenizerJson> | null;
  if (t?.class_name !== 'Tokenizer' || typeof t.config?.word_index !== 'string') {
    throw new Error("it is not a tokenizer.to_json() file (no class_name \"Tokenizer\" with a config.word_index string)");
  }
  const c = t.config;
  if (c.char_level) throw new Error('a char_level Tokenizer is not supported');
  let wordIndex: unknown;
  try {
    wordIndex = JSON.parse(c.word_index);
  } catch {
    throw new Error("the Tokenizer file's word_index is not valid JSON");
  }
  const settings: VocabularySource['settings'] = {};
  if (c.num_words !== undefined) settings.numWords = c.num_words;
  if (c.filters !== undefined) settings.filters = c.filters;
  if (c.lower !== undefined) settings.lower = c.lower;
  if (c.split !== undefined) settings.split = c.split;
  if (c.oov_token !== undefined) settings.oovToken = c.oov_token;
  return { format: 'tokenizer-json', wordIndex: checkWordIndex(wordIndex, warnings), style: 'tokenizer', settings, warnings };
}

/**
 * Checks a `{word: id}` object (the bundle's own vocabulary file) and returns it as a Map. Id 0 is allowed: the
 * import kept such words, with a warning, because the model was trained with them.
 *
 * @throws Error naming the first entry that is not a non-negative integer id
 */
export function wordIndexFromJson(json: unknown): Map<string, number> {
  // Read at every cold start of a sequence model, so one pass that only checks: the oddities the import reports are
  // in the manifest already. Gathering them again (a map of every id) and a second pass over the words made this ~3x
  // slower, ~0.3 s of a loaded 2-core machine's cold start with a real 33,785-word vocabulary.
  const words = checkWordObject(json);
  const wordIndex = new Map<string, number>();
  for (const word of Object.keys(words)) wordIndex.set(word, checkId(word, words[word]));
  return wordIndex;
}

function checkWordIndex(json: unknown, warnings: string[]): Record<string, number> {
  const words = checkWordObject(json);
  const zero: string[] = [];
  const byId = new Map<number, string>();
  let shared: [string, string, number] | undefined;
  let sharedCount = 0;
  for (const [word, value] of Object.entries(words)) {
    const id = checkId(word, value);
    if (id === 0) zero.push(word);
    const other = byId.get(id);
    if (other !== undefined) {
      shared ??= [other, word, id];
      sharedCount++;
    } else byId.set(id, word);
  }
  if (zero.length > 0) warnings.push(`${zero.length} word(s) have id 0, the padding id, e.g. ${JSON.stringify(zero[0])}: they reach the model as padding, as in training`);
  if (shared) warnings.push(`${sharedCount} id(s) are shared by several words, e.g. ${JSON.stringify(shared[0])} and ${JSON.stringify(shared[1])} = ${shared[2]}`);
  return words as Record<string, number>;
}

function checkWordObject(json: unknown): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`it is ${describe(json)}; a vocabulary must be one of ${VOCABULARY_FORMATS.join(', ')}`);
  }
  return json as Record<string, unknown>;
}

function checkId(word: string, id: unknown): number {
  if (!Number.isInteger(id) || (id as number) < 0) throw new Error(`vocabulary word ${JSON.stringify(word)} has id ${JSON.stringify(id)}, not a non-negative integer`);
  return id as number;
}

function describe(v: unknown): string {
  if (v === undefined) return 'not JSON';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v} (${JSON.stringify(v).slice(0, 40)})`;
}
