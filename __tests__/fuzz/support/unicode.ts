import fc from 'fast-check';

/** Code point ranges for each kind of text the service must survive. */
const range = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

/** Words the default model knows, so some fuzzed texts reach real n-grams rather than only unknown ones. */
const WORDS = [
  'card',
  'refund',
  'top',
  'up',
  'exchange',
  'rate',
  'where',
  'is',
  'my',
  'pin',
  'blocked',
  'transfer',
  'cash',
  'atm',
];

/** One "unit" of text of each kind, by name: `fuzzText` mixes them. */
export const UNITS = {
  ascii: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }),
  word: fc.constantFrom(...WORDS).map((word) => `${word} `),
  emoji: fc.oneof(range(0x1f300, 0x1faff), fc.constantFrom('👩‍👩‍👧‍👦', '🇬🇧', '👍🏽', '🏳️‍🌈', '❤️', '🧑🏿‍🚀')),
  combining: fc.oneof(range(0x0300, 0x036f), range(0x1ab0, 0x1aff), range(0x20d0, 0x20ff)),
  // A base letter buried under combining marks ("zalgo"): one grapheme, hundreds of code points.
  zalgo: fc
    .tuple(fc.constantFrom('a', 'Z', 'ж', 'ا'), fc.array(range(0x0300, 0x036f), { minLength: 20, maxLength: 300 }))
    .map(([base, marks]) => base + marks.join('')),
  rtl: fc.oneof(
    range(0x0590, 0x05ff),
    range(0x0600, 0x06ff),
    fc.constantFrom('\u200e', '\u200f', '\u202a', '\u202b', '\u202e', '\u2066', '\u2067', '\u2069'),
  ),
  loneSurrogate: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  control: fc.oneof(fc.constant('\u0000'), range(0x01, 0x1f), range(0x7f, 0x9f)),
  whitespace: fc.constantFrom(
    ' ',
    '\t',
    '\n',
    '\r',
    '\v',
    '\f',
    '\u0085',
    '\u00a0',
    '\u1680',
    '\u2003',
    '\u2028',
    '\u2029',
    '\u202f',
    '\u3000',
    '\ufeff',
  ),
  zeroWidth: fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060'),
  // NFKC changes these (ligatures, full-width, circled digits; U+FDFA becomes 18 characters).
  compatibility: fc.constantFrom('ﬁ', 'ﬀ', '\ufdfa', '㍿', 'Ⅻ', 'ｃａｒｄ', '①', '㈱', 'ǆ', 'ẛ̣'),
  cjk: fc.oneof(range(0x4e00, 0x9fff), range(0xac00, 0xd7a3)),
  special: fc.constantFrom('\ufffd', '\ufffe', '\uffff', '\u{10ffff}', '\ue000', '\u{f0000}', '\u{e0001}'),
  anyCodePoint: fc
    .integer({ min: 0, max: 0x10ffff })
    .map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp))),
} as const;

export type UnitKind = keyof typeof UNITS;

/** Text made of any mix of the units above (possibly empty, possibly whitespace only). */
export function fuzzText(maxUnits = 24): fc.Arbitrary<string> {
  return fc.array(fc.oneof(...Object.values(UNITS)), { maxLength: maxUnits }).map((parts) => parts.join(''));
}

/** Text with at least one non-whitespace character (JavaScript's `\S`, as the schema's pattern tests it). */
export function nonBlankText(maxUnits = 24): fc.Arbitrary<string> {
  return fc
    .tuple(
      fuzzText(maxUnits),
      fc.oneof(UNITS.word, UNITS.emoji, UNITS.cjk, UNITS.rtl, UNITS.loneSurrogate, UNITS.ascii),
      fuzzText(maxUnits),
    )
    .map(([before, anchor, after]) => before + anchor + after)
    .filter((text) => /\S/u.test(text));
}

/** Text of whitespace only (every kind JavaScript's `\s` knows), possibly empty. */
export const blankText = fc.array(UNITS.whitespace, { maxLength: 40 }).map((parts) => parts.join(''));

/** Number of Unicode code points, counted the way the service counts them (a lone surrogate counts once). */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Text of exactly `length` code points drawn from one kind of unit, so UTF-16 length and code point count differ
 * (astral emoji) or bytes and characters differ (CJK: 3 bytes each).
 */
export function textOfCodePoints(length: number): fc.Arbitrary<string> {
  const single = fc.oneof(
    fc.constant('a'),
    fc.constant('é'),
    range(0x1f600, 0x1f64f),
    range(0x4e00, 0x9fff),
    range(0x0600, 0x06ff),
  );
  return single.map((unit) => unit.repeat(length));
}

/** A high surrogate without its low half, or a low one without its high half. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Which kinds of text a string contains, for the input tally (judged from the text itself). */
export function unicodeKinds(text: string): string[] {
  const kinds: string[] = [];
  if (/\p{Extended_Pictographic}/u.test(text)) kinds.push('emoji');
  if (/\p{M}/u.test(text)) kinds.push('combining marks');
  if (/[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text)) kinds.push('RTL');
  if (LONE_SURROGATE.test(text)) kinds.push('lone surrogates');
  if (text.includes('\u0000')) kinds.push('NUL');
  // eslint-disable-next-line no-control-regex -- finding control characters is this line's whole job
  if (/[\u0001-\u001f\u007f-\u009f]/.test(text)) kinds.push('other controls');
  if (/[\u200b-\u200d\u2060\ufeff]/.test(text)) kinds.push('zero-width');
  if (text.normalize('NFKC') !== text) kinds.push('NFKC-changing');
  if (/[\u{10000}-\u{10ffff}]/u.test(text)) kinds.push('astral');
  return kinds;
}
