import { join } from 'node:path';
import { readLabelledCsv } from '../../scripts/training/csv';
import { UsageError } from '../../scripts/training/errors';
import { stratifiedSplit } from '../../scripts/training/split';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'model', name);

describe('readLabelledCsv', () => {
  it('parses BOM, CRLF, quoted commas, escaped quotes, embedded newlines and unicode; skips rows without text or label', () => {
    const { rows, skipped } = readLabelledCsv(fixture('edge-cases.csv'), 'text', 'category');
    expect(rows).toEqual([
      { text: 'Hello, world', label: 'greeting' },
      { text: 'She said "hi" to me', label: 'greeting' },
      { text: 'first line\r\nsecond line', label: 'multiline' },
      { text: 'Café costs £5 😀', label: 'unicode' },
      { text: 'plain row', label: 'plain' },
    ]);
    expect(skipped).toBe(3);
  });

  it('finds the first column despite the BOM', () => {
    expect(readLabelledCsv(fixture('edge-cases.csv'), 'id', 'category').rows[0]).toEqual({
      text: '1',
      label: 'greeting',
    });
  });

  it('names the columns it found when one is missing', () => {
    expect(() => readLabelledCsv(fixture('edge-cases.csv'), 'text', 'label')).toThrow(
      new UsageError(`column "label" not found in ${fixture('edge-cases.csv')}; columns found: id, text, category`),
    );
  });

  it('rejects a missing or empty file', () => {
    expect(() => readLabelledCsv(fixture('nope.csv'), 'text', 'label')).toThrow(/^data file not found: .*nope\.csv$/);
    expect(() => readLabelledCsv(fixture('empty.csv'), 'text', 'label')).toThrow(/^data file is empty/);
  });
});

describe('stratifiedSplit', () => {
  const labels = [...Array(10).fill('a'), ...Array(4).fill('b'), ...Array(2).fill('c')] as string[];

  it('holds out round(count x fraction) of each label, at least one, leaving one to train on', () => {
    const { train, validation } = stratifiedSplit(labels, 0.25, 1);
    const count = (rows: number[], l: string) => rows.filter((i) => labels[i] === l).length;
    expect([count(validation, 'a'), count(validation, 'b'), count(validation, 'c')]).toEqual([3, 1, 1]);
    expect([...train, ...validation].sort((x, y) => x - y)).toEqual(labels.map((_, i) => i));
  });

  it('is reproducible for a seed and changes with the seed', () => {
    expect(stratifiedSplit(labels, 0.3, 5)).toEqual(stratifiedSplit(labels, 0.3, 5));
    const seeds = [1, 2, 3, 4].map((s) => JSON.stringify(stratifiedSplit(labels, 0.3, s).validation));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('rejects a label with a single example', () => {
    expect(() => stratifiedSplit(['a', 'a', 'b'], 0.2, 1)).toThrow(
      'every label needs at least 2 examples; 1 label(s) have 1: b',
    );
  });
});
