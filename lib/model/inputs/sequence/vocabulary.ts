import type { SequenceInput } from './spec';

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
  wordIndex: Record<string, number>;
  /** `text-vectorization` for a `get_vocabulary()` array, else `tokenizer`. */
  style: SequenceInput['style'];
  /** Settings a `tokenizer.to_json()` file records; the spec's own values win over these. */
  settings: Partial<Pick<SequenceInput, 'numWords' | 'filters' | 'lower' | 'split' | 'oovToken'>>;
}

/**
 * Reads any of the three vocabulary files Keras users have: a `word_index` object (`{"word": 1, ...}`), a
 * `tokenizer.to_json()` file, or a `TextVectorization.get_vocabulary()` array (index = id, 0 = padding, 1 = `[UNK]`).
 *
 * @throws Error saying what the file is not
 */
export function readVocabularySource(json: unknown): VocabularySource {
  if (Array.isArray(json)) {
    const wordIndex: Record<string, number> = {};
    json.forEach((word, id) => {
      if (typeof word !== 'string') throw new Error(`entry ${id} of the vocabulary array is not a string`);
      // Index 0 is the padding token ('') and never a word.
      if (id > 0 && word !== '' && !(word in wordIndex)) wordIndex[word] = id;
    });
    return { wordIndex, style: 'text-vectorization', settings: {} };
  }
  if (isTokenizerJson(json)) {
    const c = json.config;
    if (c.char_level) throw new Error('a char_level Tokenizer is not supported');
    let wordIndex: unknown;
    try {
      wordIndex = JSON.parse(c.word_index);
    } catch {
      throw new Error('the Tokenizer file\'s word_index is not valid JSON');
    }
    const settings: VocabularySource['settings'] = {};
    if (c.num_words !== undefined) settings.numWords = c.num_words;
    if (c.filters !== undefined) settings.filters = c.filters;
    if (c.lower !== undefined) settings.lower = c.lower;
    if (c.split !== undefined) settings.split = c.split;
    if (c.oov_token !== undefined) settings.oovToken = c.oov_token;
    return { wordIndex: checkWordIndex(wordIndex), style: 'tokenizer', settings };
  }
  return { wordIndex: checkWordIndex(json), style: 'tokenizer', settings: {} };
}

function isTokenizerJson(json: unknown): json is TokenizerJson {
  const j = json as Partial<TokenizerJson> | null;
  return typeof j === 'object' && j !== null && j.class_name === 'Tokenizer' && typeof j.config?.word_index === 'string';
}

/**
 * Checks a `{word: id}` object (the bundle's own vocabulary file) and returns it as a Map.
 *
 * @throws Error naming the first entry that is not a positive integer id
 */
export function wordIndexFromJson(json: unknown): Map<string, number> {
  return new Map(Object.entries(checkWordIndex(json)));
}

function checkWordIndex(json: unknown): Record<string, number> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('a vocabulary must be a word_index object, a tokenizer.to_json() file or a get_vocabulary() array');
  }
  for (const [word, id] of Object.entries(json)) {
    if (!Number.isInteger(id) || (id as number) < 1) throw new Error(`vocabulary word ${JSON.stringify(word)} has id ${JSON.stringify(id)}, not a positive integer`);
  }
  return json as Record<string, number>;
}
