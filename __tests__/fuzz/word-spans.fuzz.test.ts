/**
 * The offset-tracking twins of the two text splitters give exactly the words the splitters give, for any text, and
 * every word's characters in the text as sent: explanations never come from a second tokenizer.
 */
import './support/env';
import fc from 'fast-check';
import { normalizeText, tokenize } from '../../lib/model/inputs/ngrams';
import { tokenizeWithOffsets } from '../../lib/model/inputs/ngrams/ngrams';
import { normalizeTextTracked } from '../../lib/model/inputs/ngrams/normalize';
import { spanOf } from '../../lib/model/inputs/tracked-text';
import { compileWordRules, textToWords, textToWordSpans } from '../../lib/model/inputs/sequence/words';
import { fuzzText, UNITS } from './support/unicode';

jest.setTimeout(60_000);

/** Texts of every unit kind, plus the ones that change length or context when normalised or lower-cased. */
const text = fc.oneof(
  fuzzText(30),
  fc
    .array(
      fc.oneof(
        UNITS.word,
        UNITS.compatibility,
        fc.constantFrom('İ', 'ΟΔΟΣ ', 'Σ', 'ß', 'ǅ', '¼', 'can’t ', 'e\u0301', '\u1100\u1161', 'ﬃ', '´'),
      ),
      { maxLength: 20 },
    )
    .map((p) => p.join('')),
);

/** Spans lie in the text, in order, never overlapping. */
function expectOrderedSpans(spans: readonly { start: number; end: number }[], length: number): void {
  let end = 0;
  for (const span of spans) {
    expect(span.start).toBeGreaterThanOrEqual(end);
    expect(span.end).toBeGreaterThan(span.start - 1);
    expect(span.end).toBeLessThanOrEqual(length);
    end = Math.max(end, span.start);
  }
}

describe("the n-gram model's words with their offsets", () => {
  it('normalises to exactly what normalizeText gives, whatever the text, maxChars and case setting', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 60 }), fc.boolean(), (t, maxChars, lowercase) => {
        expect(normalizeTextTracked(t, maxChars, lowercase).text).toBe(normalizeText(t, maxChars, lowercase));
      }),
      { numRuns: 3000 },
    );
  });

  it('tokenizes to exactly the words tokenize gives, each found inside the text as sent', () => {
    fc.assert(
      fc.property(text, (t) => {
        const normalized = normalizeTextTracked(t, 1000);
        const words = tokenizeWithOffsets(normalized.text);
        expect(words.map((w) => w.word)).toEqual(tokenize(normalizeText(t, 1000)));
        const spans = words.map((w) => spanOf(normalized, w.start, w.end));
        for (const span of spans) {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeGreaterThan(span.start);
          expect(span.end).toBeLessThanOrEqual(t.length);
        }
        expectOrderedSpans(spans, t.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('points at the characters a plain word was sent as, case and compatibility forms included', () => {
    const t = 'My ＣＡＲＤ was İstanbul’s ﬁnest';
    const normalized = normalizeTextTracked(t, 1000);
    const sent = tokenizeWithOffsets(normalized.text).map((w) => {
      const { start, end } = spanOf(normalized, w.start, w.end);
      return t.slice(start, end);
    });
    // 'İ' lower-cases to 'i' + U+0307 (a mark, not a letter): the model reads two words there, and so does this.
    expect(sent).toEqual(['My', 'ＣＡＲＤ', 'was', 'İ', 'stanbul’s', 'ﬁnest']);
  });
});

describe("a sequence model's words with their offsets", () => {
  const rules = fc.record({
    lower: fc.boolean(),
    replace: fc.array(
      fc.constantFrom<[string, string]>(
        ['\\d+', ' <num> '],
        ['(\\w)\\1+', '$1'],
        ["n't\\b", ' not'],
        ['x*', ''],
        ['(?<w>bad)', '$<w>$<w>'],
        ['a', "$&$`$'$$"],
        ['(c)(a)', '$2$1$3$10'],
      ),
      { maxLength: 2 },
    ),
    stopwords: fc.constantFrom<string[]>([], ['the', 'a', 'my']),
    filters: fc.constantFrom('!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n', '', '.,!'),
    style: fc.constantFrom('tokenizer' as const, 'text-vectorization' as const),
    split: fc.constantFrom(' ', '|', ''),
  });

  it('splits to exactly the words textToWords gives, each from characters of the text as sent', () => {
    fc.assert(
      fc.property(text, rules, (t, settings) => {
        const compiled = compileWordRules(settings);
        const spans = textToWordSpans(t, compiled);
        expect(spans.map((s) => s.word)).toEqual(textToWords(t, compiled));
        for (const span of spans) expect(span.end).toBeLessThanOrEqual(t.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('points at the characters each word was sent as', () => {
    const compiled = compileWordRules({
      lower: true,
      replace: [],
      stopwords: ['the'],
      filters: '!,.',
      style: 'tokenizer',
      split: ' ',
    });
    const t = 'The MOVIE, was great!';
    expect(textToWordSpans(t, compiled).map((s) => [s.word, t.slice(s.start, s.end)])).toEqual([
      ['movie', 'MOVIE'],
      ['was', 'was'],
      ['great', 'great'],
    ]);
  });
});
