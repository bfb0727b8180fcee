import { occludeSpan, textParts } from '../../../lib/model/inputs/parts';

describe('textParts', () => {
  it('gives each word its characters as sent and the text with them replaced by one space', () => {
    expect(textParts('lost card', [{ start: 0, end: 4 }, { start: 5, end: 9 }], 64)).toEqual({
      parts: [
        { part: { text: 'lost', start: 0, end: 4 }, occluded: '  card' },
        { part: { text: 'card', start: 5, end: 9 }, occluded: 'lost  ' },
      ],
      truncated: false,
    });
  });

  it('makes words sharing characters one part (¼ is read as 1 and 4), and leaves out words of no characters', () => {
    const { parts } = textParts('a ¼ b', [{ start: 0, end: 1 }, { start: 2, end: 3 }, { start: 2, end: 3 }, { start: 4, end: 4 }, { start: 4, end: 5 }], 64);
    expect(parts.map((p) => p.part)).toEqual([
      { text: 'a', start: 0, end: 1 },
      { text: '¼', start: 2, end: 3 },
      { text: 'b', start: 4, end: 5 },
    ]);
  });

  it('keeps the first `limit` parts and says it cut the rest', () => {
    const spans = Array.from({ length: 5 }, (_, i) => ({ start: 2 * i, end: 2 * i + 1 }));
    const cut = textParts('a b c d e', spans, 3);
    expect(cut.parts.map((p) => p.part)).toEqual([
      { text: 'a', start: 0, end: 1 },
      { text: 'b', start: 2, end: 3 },
      { text: 'c', start: 4, end: 5 },
    ]);
    expect(cut.truncated).toBe(true);
    expect(textParts('a b c d e', spans, 5).truncated).toBe(false);
  });

  it('occludes a span with exactly one space, whatever its length', () => {
    expect(occludeSpan('my 😀😀 card', 3, 7)).toBe('my   card');
  });
});
