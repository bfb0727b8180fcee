import { sequencePreparer } from '../../../lib/model/inputs/sequence/prepare';
import { TEXT_VECTORIZATION_SETTINGS, TOKENIZER_DEFAULTS, type SequenceInput } from '../../../lib/model/inputs/sequence/spec';
import { readVocabularySource, wordIndexFromJson } from '../../../lib/model/inputs/sequence/vocabulary';

/**
 * Expected ids below were worked out by hand from Keras's source (keras_preprocessing.text.Tokenizer,
 * text_to_word_sequence, pad_sequences; keras.layers.TextVectorization), not by running this code.
 */
const WORD_INDEX = { '<OOV>': 1, the: 2, cat: 3, sat: 4, on: 5, mat: 6, dog: 7 };

function ids(text: string, overrides: Partial<SequenceInput> = {}, wordIndex: Record<string, number> = WORD_INDEX): number[] {
  const input: SequenceInput = {
    kind: 'sequence',
    vocabularyFile: 'vocabulary.json',
    style: 'tokenizer',
    ...TOKENIZER_DEFAULTS,
    replace: [],
    stopwords: [],
    maxLen: 8,
    maxId: 100,
    ...overrides,
  };
  const batch = sequencePreparer(input, new Map(Object.entries(wordIndex))).prepare([text]);
  expect(batch.inputs[0]!.shape).toEqual([1, input.maxLen]);
  return [...batch.inputs[0]!.values];
}

describe('sequence input, Keras Tokenizer semantics', () => {
  it('lower-cases, turns each filter character into the split character, drops empty tokens, pads at the start', () => {
    expect(ids('The cat,, sat on\tthe MAT!')).toEqual([0, 0, 2, 3, 4, 5, 2, 6]);
  });

  it('keeps case and punctuation when lower is false and filters are empty', () => {
    expect(ids('The cat, sat', { lower: false, filters: '' })).toEqual([0, 0, 0, 0, 0, 0, 0, 4]);
  });

  it('splits on a custom split character', () => {
    expect(ids('the|cat sat', { split: '|' })).toEqual([0, 0, 0, 0, 0, 0, 0, 2]);
  });

  it('gives unknown words the OOV id when oovToken is set, and drops them when it is not', () => {
    expect(ids('the bird sat', { oovToken: '<OOV>' })).toEqual([0, 0, 0, 0, 0, 2, 1, 4]);
    expect(ids('the bird sat', { oovToken: null })).toEqual([0, 0, 0, 0, 0, 0, 2, 4]);
  });

  it('numWords keeps only ids below it: the rest become the OOV id, or vanish without one', () => {
    expect(ids('the cat sat on the mat', { numWords: 5, oovToken: '<OOV>' })).toEqual([0, 0, 2, 3, 4, 1, 2, 1]);
    expect(ids('the cat sat on the mat', { numWords: 5, oovToken: null })).toEqual([0, 0, 0, 0, 2, 3, 4, 2]);
  });

  it('pads at the end with padding post', () => {
    expect(ids('the cat sat', { padding: 'post' })).toEqual([2, 3, 4, 0, 0, 0, 0, 0]);
  });

  it('truncating pre keeps the last maxLen ids, post the first', () => {
    expect(ids('the cat sat on the mat', { maxLen: 4 })).toEqual([4, 5, 2, 6]);
    expect(ids('the cat sat on the mat', { maxLen: 4, truncating: 'post' })).toEqual([2, 3, 4, 5]);
  });

  it('applies replace patterns in order after lower-casing, with $1 naming a group', () => {
    expect(ids('CATS sat', { replace: [['(\\w+)s\\b', '$1']] })).toEqual([0, 0, 0, 0, 0, 0, 3, 4]);
    expect(ids('doggo', { replace: [['doggo', 'puppy'], ['puppy', 'dog']] })).toEqual([0, 0, 0, 0, 0, 0, 0, 7]);
  });

  it('drops stopwords after replace and before the filters (a stopword with punctuation attached is kept)', () => {
    expect(ids('The cat sat', { stopwords: ['the'] })).toEqual([0, 0, 0, 0, 0, 0, 3, 4]);
    expect(ids('the, cat', { stopwords: ['the'] })).toEqual([0, 0, 0, 0, 0, 0, 2, 3]);
    expect(ids('a the cat', { replace: [['^a ', 'the ']], stopwords: ['the'] })).toEqual([0, 0, 0, 0, 0, 0, 0, 3]);
  });

  it('never hands the model an id at or above the embedding rows: those become the OOV id, or vanish', () => {
    expect(ids('the cat dog', { maxId: 4, oovToken: '<OOV>' })).toEqual([0, 0, 0, 0, 0, 2, 3, 1]);
    expect(ids('the cat dog', { maxId: 4, oovToken: null })).toEqual([0, 0, 0, 0, 0, 0, 2, 3]);
    expect(ids('zebra', { maxId: 1, oovToken: '<OOV>' })).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('gives an empty text all padding', () => {
    expect(ids('   ,,,  ')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('sequence input, TextVectorization semantics', () => {
  const vocabulary = readVocabularySource(JSON.stringify(['', '[UNK]', 'the', 'cat', 'dont']));

  it('reads a get_vocabulary() array: index = id, 0 padding, 1 [UNK]', () => {
    expect(vocabulary).toEqual({ format: 'vocabulary-array', wordIndex: { '[UNK]': 1, the: 2, cat: 3, dont: 4 }, style: 'text-vectorization', settings: {}, warnings: [] });
  });

  it('lower-cases, strips punctuation (the apostrophe too), splits on whitespace, unknown -> 1, output at the end', () => {
    const got = ids("Don't  the CAT-dog\n", { style: 'text-vectorization', ...TEXT_VECTORIZATION_SETTINGS, maxLen: 5 }, vocabulary.wordIndex);
    expect(got).toEqual([4, 2, 1, 0, 0]);
    const long = ids('the cat the cat the cat', { style: 'text-vectorization', ...TEXT_VECTORIZATION_SETTINGS, maxLen: 4 }, vocabulary.wordIndex);
    expect(long).toEqual([2, 3, 2, 3]);
  });
});

describe('sequence vocabularies', () => {
  it('reads a tokenizer.to_json() file: its word_index and its settings', () => {
    const file = {
      class_name: 'Tokenizer',
      config: { num_words: 50, filters: '!?', lower: false, split: ' ', char_level: false, oov_token: '<OOV>', word_index: JSON.stringify(WORD_INDEX) },
    };
    expect(readVocabularySource(JSON.stringify(file))).toEqual({
      format: 'tokenizer-json',
      wordIndex: WORD_INDEX,
      style: 'tokenizer',
      settings: { numWords: 50, filters: '!?', lower: false, split: ' ', oovToken: '<OOV>' },
      warnings: [],
    });
  });

  it('serves the stored vocabulary as it is: every word with its id, id 0 and shared ids kept (the import warned of them)', () => {
    expect([...wordIndexFromJson({ '<OOV>': 1, pad: 0, the: 2, a: 2, '0': 3 })]).toEqual([['0', 3], ['<OOV>', 1], ['pad', 0], ['the', 2], ['a', 2]]);
    expect(() => wordIndexFromJson(['the'])).toThrow('it is an array; a vocabulary must be one of');
  });

  it('refuses ids that are not non-negative integers, and forced forms the file is not, saying why', () => {
    expect(() => wordIndexFromJson({ the: -1 })).toThrow('vocabulary word "the" has id -1, not a non-negative integer');
    expect(() => wordIndexFromJson({ the: 1.5 })).toThrow('vocabulary word "the" has id 1.5, not a non-negative integer');
    expect(() => readVocabularySource('the\ncat', 'word-index')).toThrow(/not JSON; a vocabulary must be one of word-index, tokenizer-json/);
    expect(() => readVocabularySource(JSON.stringify({ class_name: 'Tokenizer', config: { char_level: true, word_index: '{}' } }))).toThrow('char_level');
  });
});
