import fc from 'fast-check';
import {
  forEachNgram,
  normalizeText,
  vectorize,
  vocabularyFromJson,
  type PreprocessingConfig,
  type SparseVector,
} from '../../lib/model/inputs/ngrams';

/**
 * `vectorize` counts n-grams through an allocation-free table; this is the definition it must match, written the
 * plain way: the keys `forEachNgram` gives (the vocabulary builder's own walk), counted in a Map.
 */
function reference(text: string, tokens: readonly string[], idf: readonly number[], config: PreprocessingConfig): SparseVector {
  const ids = new Map(tokens.map((token, i) => [token, i + 1]));
  const counts = new Map<number, number>();
  forEachNgram(normalizeText(text, config.maxChars, config.normalization.lowercase), config, (key) => {
    const id = ids.get(key);
    if (id === undefined) return;
    const seen = counts.get(id);
    if (seen !== undefined) counts.set(id, seen + 1);
    else if (counts.size < config.maxNgrams) counts.set(id, 1);
  });
  const out = { ids: new Int32Array(counts.size), weights: new Float32Array(counts.size) };
  let sumSquares = 0;
  let i = 0;
  for (const [id, count] of counts) {
    const w = (config.weighting.tf === 'sublinear' ? 1 + Math.log(count) : count) * (config.weighting.idf ? Math.fround(idf[id - 1]!) : 1);
    out.ids[i] = id;
    out.weights[i++] = w;
    sumSquares += w * w;
  }
  if (config.weighting.norm === 'l2' && sumSquares > 0) {
    const scale = 1 / Math.sqrt(sumSquares);
    for (let j = 0; j < out.weights.length; j++) out.weights[j]! *= scale;
  }
  return out;
}

const base: PreprocessingConfig = {
  normalization: { unicode: 'NFKC', lowercase: true },
  tokenization: 'unicode-words',
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  charNgramMode: 'word-bounded',
  maxChars: 300,
  maxNgrams: 512,
  weighting: { tf: 'sublinear', idf: true, norm: 'l2' },
  vocabularyFile: 'vocab.json',
  vocabularySize: 0,
};

const configs: PreprocessingConfig[] = [
  base,
  { ...base, charNgramMode: 'text', wordNgrams: [1, 3] },
  { ...base, charNgrams: null, maxNgrams: 5, weighting: { tf: 'raw', idf: false, norm: 'none' } },
  { ...base, wordNgrams: null, charNgrams: [1, 3], maxChars: 40 },
];

// Words that repeat, so the vocabulary (drawn from the same words) has hits, plus unicode and punctuation.
const word = fc.constantFrom('card', 'my', 'lost', 'Card', "can't", 'fiancé', 'ﬁne', '😀', '١٢٣', 'ß', 'top-up', '€5', '...', '\u200b');
const text = fc.array(word, { maxLength: 12 }).map((words) => words.join(' '));

describe('vectorize matches its reference definition', () => {
  it.each(configs.map((config, i) => [i, config] as const))('config %i, random texts and vocabularies', (_, config) => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), text, fc.string({ unit: 'grapheme', maxLength: 60 }), (seedTexts, probe, noise) => {
        // The vocabulary: every n-gram of some texts (as the trainer builds it), each with its own idf.
        const tokens = new Set<string>();
        for (const t of seedTexts) forEachNgram(normalizeText(t, config.maxChars), config, (key) => void tokens.add(key));
        const list = [...tokens];
        const idf = list.map((_, i) => 1 + (i % 7) / 3);
        const vocabulary = vocabularyFromJson({ tokens: list, idf });
        for (const t of [probe, noise, seedTexts[0]!, `${probe} ${noise}`]) {
          const got = vectorize(t, vocabulary, config);
          const want = reference(t, list, idf, config);
          expect(Array.from(got.ids)).toEqual(Array.from(want.ids));
          expect(Array.from(got.weights)).toEqual(Array.from(want.weights));
        }
      }),
      { numRuns: 150 },
    );
  });
});
