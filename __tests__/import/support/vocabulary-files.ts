/**
 * The review example's vocabulary written in each form people save beside a text model, exactly as the tool that
 * writes it does (Keras `Tokenizer.to_json()` from `keras/preprocessing/text.py`, `TextVectorization.get_vocabulary()`,
 * a `vocabulary=` token file, `Object.entries` in JavaScript). Every form gives the words the example's ids.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KERAS_TOKENIZER_FILTERS } from '../../../lib/model/inputs/sequence/spec';

/** Words by id, ids from 2 (1 is the OOV token). */
function wordsById(wordIndex: Record<string, number>): string[] {
  return Object.entries(wordIndex)
    .filter(([, id]) => id >= 2)
    .sort((a, b) => a[1] - b[1])
    .map(([word]) => word);
}

/**
 * `tokenizer.to_json()`: every count and index a JSON string inside the config, as `get_config()` makes them.
 * (Counts are made up; the import reads the settings and `word_index`.)
 */
function tokenizerJson(wordIndex: Record<string, number>): string {
  const words = wordsById(wordIndex);
  const counts = Object.fromEntries(words.map((w, i) => [w, words.length - i]));
  const config = {
    num_words: null,
    filters: KERAS_TOKENIZER_FILTERS,
    lower: true,
    split: ' ',
    char_level: false,
    oov_token: '<OOV>',
    document_count: 24,
    word_counts: JSON.stringify(counts),
    word_docs: JSON.stringify(counts),
    index_docs: JSON.stringify(Object.fromEntries(words.map((w) => [String(wordIndex[w]), counts[w]]))),
    index_word: JSON.stringify(Object.fromEntries(Object.entries(wordIndex).map(([w, id]) => [String(id), w]))),
    word_index: JSON.stringify(wordIndex),
  };
  return JSON.stringify({ class_name: 'Tokenizer', config });
}

export type VocabularyFileForm =
  | 'word-index'
  | 'tokenizer-json'
  | 'tokenizer-json-dumped-twice'
  | 'vocabulary-array'
  | 'word-id-pairs'
  | 'token-lines';

/**
 * Writes the vocabulary in `form` and a spec for it into `dir`.
 *
 * @returns the spec's path
 */
export function writeVocabularyForm(dir: string, form: VocabularyFileForm, wordIndex: Record<string, number>): string {
  const words = wordsById(wordIndex);
  const files: Record<VocabularyFileForm, [string, string]> = {
    // json.dump(tokenizer.word_index, f)
    'word-index': ['word_index.json', JSON.stringify(wordIndex)],
    // f.write(tokenizer.to_json())
    'tokenizer-json': ['tokenizer.json', tokenizerJson(wordIndex)],
    // json.dump(tokenizer.to_json(), f): the JSON text as one JSON string
    'tokenizer-json-dumped-twice': ['tokenizer.json', JSON.stringify(tokenizerJson(wordIndex))],
    // json.dump(layer.get_vocabulary(), f): the mask token '' and '[UNK]' first, index = id
    'vocabulary-array': ['vocab.json', JSON.stringify(['', '[UNK]', ...words])],
    // JSON.stringify(Object.entries(wordIndex))
    'word-id-pairs': ['vocab.json', JSON.stringify(Object.entries(wordIndex))],
    // open('vocab.txt', 'w').write('\n'.join(tokens) + '\n'), read by TextVectorization(vocabulary='vocab.txt'): line n is id n + 2
    'token-lines': ['vocab.txt', `${words.join('\n')}\n`],
  };
  const [name, text] = files[form];
  writeFileSync(join(dir, name), text);
  const textVectorization = form === 'vocabulary-array' || form === 'token-lines';
  const spec = {
    kind: 'sequence',
    vocabulary: name,
    maxLen: 12,
    ...(textVectorization ? {} : { oovToken: '<OOV>', padding: 'post', truncating: 'post' }),
  };
  const specPath = join(dir, 'spec.json');
  writeFileSync(specPath, JSON.stringify(spec));
  return specPath;
}
