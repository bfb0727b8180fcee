import { NgramTable } from '../../lib/model/inputs/ngrams/ngram-table';

function tableOf(tokens: string[]): NgramTable {
  const table = new NgramTable(tokens.length);
  tokens.forEach((token, i) => expect(table.add(token, i + 1)).toBe(true));
  return table;
}

describe('NgramTable', () => {
  const table = tableOf(['w:my', 'w:my card', 'c: ca', 'c:car', 'c:é😀', 'w:', 'x']);

  it('finds whole tokens and reports 0 for unknown ones', () => {
    expect(table.get('w:my')).toBe(1);
    expect(table.get('x')).toBe(7);
    expect(table.get('w:m')).toBe(0);
    expect(table.get('')).toBe(0);
    expect(table.size).toBe(7);
  });

  it('finds prefix + a range of a text without the text holding the prefix', () => {
    expect(table.getRange('c:', ' card ', 0, 3)).toBe(3);
    expect(table.getRange('c:', ' card ', 1, 4)).toBe(4);
    expect(table.getRange('c:', ' card ', 2, 5)).toBe(0);
    expect(table.getRange('c:', 'xé😀', 1, 4)).toBe(5); // a surrogate pair is two units, compared as such
    expect(table.getRange('c:', 'xé😀', 1, 3)).toBe(0);
    expect(table.getRange('w:', 'my', 0, 0)).toBe(6);
    expect(table.getRange('', 'my', 0, 2)).toBe(0);
  });

  it('finds prefix + words joined by single spaces', () => {
    const words = ['lost', 'my', 'card'];
    expect(table.getWords('w:', words, 1, 1)).toBe(1);
    expect(table.getWords('w:', words, 1, 2)).toBe(2);
    expect(table.getWords('w:', words, 0, 2)).toBe(0);
    expect(table.getWords('w:', ['mycard'], 0, 1)).toBe(0);
    expect(table.getWords('c:', words, 1, 1)).toBe(0);
  });

  it('refuses a token twice and keeps the first id', () => {
    expect(table.add('w:my', 99)).toBe(false);
    expect(table.get('w:my')).toBe(1);
  });

  it('stays exact with many tokens sharing probe chains', () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => `c:${i.toString(36)}`);
    const big = tableOf(tokens);
    tokens.forEach((token, i) => expect(big.getRange('c:', token, 2, token.length)).toBe(i + 1));
    expect(big.get('c:zzzzz')).toBe(0);
  });

  it('rebuilds from its layout without hashing, finding the same ids', () => {
    const copy = NgramTable.fromLayout(table.layout());
    for (const token of ['w:my', 'w:my card', 'c: ca', 'c:car', 'c:é😀', 'w:', 'x', 'w:m', '']) expect(copy.get(token)).toBe(table.get(token));
    expect(copy.getWords('w:', ['lost', 'my', 'card'], 1, 2)).toBe(2);
    expect(copy.size).toBe(table.size);
  });

  it('refuses a layout it could loop forever on, and a table whose ids have gaps', () => {
    const { slots, text, ends } = table.layout();
    expect(() => NgramTable.fromLayout({ slots: new Int32Array(slots.length).fill(1), text, ends })).toThrow(/free slot/);
    expect(() => NgramTable.fromLayout({ slots, text: text + 'x', ends })).toThrow(/offsets/);
    const gappy = new NgramTable(4);
    gappy.add('a', 1);
    gappy.add('b', 3);
    expect(() => gappy.layout()).toThrow(/2 is missing/);
  });
});
