import {
  forEachNgram,
  normalizeText,
  padBatch,
  tokenize,
  vectorize,
  vocabularyFromJson,
  type PreprocessingConfig,
} from '../../lib/model/inputs/ngrams';

const config: PreprocessingConfig = {
  normalization: { unicode: 'NFKC', lowercase: true },
  tokenization: 'unicode-words',
  wordNgrams: [1, 2],
  charNgrams: [2, 3],
  charNgramMode: 'word-bounded',
  maxChars: 1000,
  maxNgrams: 512,
  weighting: { tf: 'sublinear', idf: true, norm: 'l2' },
  vocabularyFile: 'vocab.json',
  vocabularySize: 3,
};

function ngrams(text: string, c: Pick<PreprocessingConfig, 'wordNgrams' | 'charNgrams' | 'charNgramMode'> = config): string[] {
  const keys: string[] = [];
  forEachNgram(normalizeText(text, 1000), c, (k) => {
    keys.push(k);
  });
  return keys;
}

describe('normalizeText (golden)', () => {
  it.each([
    ['  Héllo,\tWORLD!! ', 'héllo, world!!'],
    ['I can’t   find my ﬁancé’s card…', "i can't find my fiancé's card..."],
    ['Ｆｕｌｌ　ｗｉｄｔｈ ①', 'full width 1'],
    ['What is 2+2? €5 or £5', 'what is 2+2? €5 or £5'],
    ['tab\tand\r\nnewlines\u0007bell', 'tab and newlines bell'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeText(input, 1000)).toBe(expected);
  });

  it('gives an empty string for text made only of whitespace, control and zero-width characters', () => {
    expect(normalizeText('\u200b\u0000\u0007  \n\ufeff', 1000)).toBe('');
  });

  it('cuts very long text to maxChars without splitting a surrogate pair', () => {
    expect(normalizeText('x'.repeat(100_000) + ' tail', 100)).toBe('x'.repeat(100));
    expect(normalizeText('ab😀cd', 3)).toBe('ab');
    expect(normalizeText('ab😀cd', 4)).toBe('ab😀');
  });
});

describe('tokenize and n-grams (golden)', () => {
  it('keeps letters and digits, inner apostrophes, and drops punctuation and symbols', () => {
    expect(tokenize("i can't find my fiancé's card...")).toEqual(['i', "can't", 'find', 'my', "fiancé's", 'card']);
    expect(tokenize('what is 2+2? €5 or £5')).toEqual(['what', 'is', '2', '2', '5', 'or', '5']);
  });

  it('lists word n-grams first, then word-bounded character n-grams', () => {
    expect(ngrams("My card's")).toEqual([
      'w:my', "w:card's", "w:my card's",
      'c: m', 'c:my', 'c:y ', 'c: my', 'c:my ',
      'c: c', 'c:ca', 'c:ar', 'c:rd', "c:d'", "c:'s", 'c:s ', 'c: ca', 'c:car', 'c:ard', "c:rd'", "c:d's", "c:'s ",
    ]);
  });

  it('takes character n-grams across the whole text in text mode', () => {
    expect(ngrams('ab c', { wordNgrams: null, charNgrams: [3, 3], charNgramMode: 'text' })).toEqual(['c: ab', 'c:ab ', 'c:b c', 'c: c ']);
  });

  it('yields nothing for text that is empty after normalisation', () => {
    expect(ngrams('\u200b \u0000')).toEqual([]);
  });
});

describe('vectorize', () => {
  const vocabulary = vocabularyFromJson({ tokens: ['w:card', 'w:my', 'w:lost'], idf: [2, 1, 3] });
  const wordsOnly: PreprocessingConfig = { ...config, wordNgrams: [1, 1], charNgrams: null };

  it('weights known n-grams by sublinear tf x idf, L2-normalised (hand-checked)', () => {
    // card: tf 2, idf 2 -> (1 + ln 2) * 2; my: tf 2, idf 1 -> (1 + ln 2); norm sqrt(5) * (1 + ln 2)
    const v = vectorize('My card, my CARD! unknown', vocabulary, wordsOnly);
    expect(Array.from(v.ids)).toEqual([2, 1]);
    expect(v.weights[0]).toBeCloseTo(1 / Math.sqrt(5), 6);
    expect(v.weights[1]).toBeCloseTo(2 / Math.sqrt(5), 6);
  });

  it('gives an empty vector (no NaN) for empty, unknown-only or control-only text', () => {
    for (const text of ['', '   ', '\u0000\u200b', 'nothing known here']) {
      const v = vectorize(text, vocabulary, wordsOnly);
      expect(v.ids.length).toBe(0);
      expect(v.weights.length).toBe(0);
    }
  });

  it('keeps at most maxNgrams distinct ids, first seen first', () => {
    const v = vectorize('lost my card', vocabulary, { ...wordsOnly, maxNgrams: 2 });
    expect(Array.from(v.ids)).toEqual([3, 2]);
  });

  it('bounds the work on very long text and stays finite', () => {
    const v = vectorize('my card '.repeat(200_000), vocabulary, wordsOnly);
    expect(Array.from(v.ids)).toEqual([2, 1]);
    expect(v.weights.every(Number.isFinite)).toBe(true);
  });

  it('pads a batch with id 0 and weight 0, at least one column wide', () => {
    const empty = padBatch([vectorize('', vocabulary, wordsOnly)]);
    expect(empty).toMatchObject({ batch: 1, length: 1 });
    expect(Array.from(empty.ids)).toEqual([0]);
    expect(Array.from(empty.weights)).toEqual([0]);
    const batch = padBatch([vectorize('card', vocabulary, wordsOnly), vectorize('lost my card', vocabulary, wordsOnly)]);
    expect(batch).toMatchObject({ batch: 2, length: 3 });
    expect(Array.from(batch.ids)).toEqual([1, 0, 0, 3, 2, 1]);
    expect(batch.weights[0]).toBeCloseTo(1, 6);
    expect(batch.weights[1]).toBe(0);
  });
});

describe('vocabularyFromJson', () => {
  it('rejects malformed vocabulary files', () => {
    expect(() => vocabularyFromJson(null)).toThrow(/tokens/);
    expect(() => vocabularyFromJson({ tokens: ['a'], idf: [] })).toThrow(/same length/);
    expect(() => vocabularyFromJson({ tokens: ['a', 'a'], idf: [1, 1] })).toThrow(/unique/);
    expect(() => vocabularyFromJson({ tokens: ['a'], idf: ['x'] })).toThrow(/finite idf/);
  });
});
