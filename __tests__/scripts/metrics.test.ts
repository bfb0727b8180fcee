import { classificationMetrics, topConfusions } from '../../scripts/training/metrics';
import { confusionMatrixSvg, escapeXml } from '../../scripts/training/confusion-svg';

describe('classificationMetrics (hand-checked)', () => {
  // true:      a a a b b c
  // predicted: a a b b c c
  const actual = ['a', 'a', 'a', 'b', 'b', 'c'];
  const predicted = ['a', 'a', 'b', 'b', 'c', 'c'];
  const m = classificationMetrics(actual, predicted, ['a', 'b', 'c']);

  it('computes accuracy and per-class precision, recall and F1', () => {
    expect(m.accuracy).toBeCloseTo(4 / 6, 10);
    expect(m.n).toBe(6);
    const [a, b, c] = m.perClass;
    // a: tp 2 of 2 predicted, 2 of 3 true -> P 1, R 2/3, F1 0.8
    expect(a).toEqual({ label: 'a', precision: 1, recall: 2 / 3, f1: expect.closeTo(0.8, 10), support: 3 });
    // b: tp 1 of 2 predicted, 1 of 2 true -> 0.5 / 0.5 / 0.5
    expect(b).toEqual({ label: 'b', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    // c: tp 1 of 2 predicted, 1 of 1 true -> P 0.5, R 1, F1 2/3
    expect(c).toEqual({ label: 'c', precision: 0.5, recall: 1, f1: expect.closeTo(2 / 3, 10), support: 1 });
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
  });

  it('builds the confusion matrix and lists the most frequent confusions', () => {
    expect(m.matrix).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(topConfusions(m, 5)).toEqual([
      { actual: 'a', predicted: 'b', count: 1 },
      { actual: 'b', predicted: 'c', count: 1 },
    ]);
  });

  it('counts true labels unknown to the model as errors and as classes with F1 0', () => {
    const withUnknown = classificationMetrics(['a', 'z'], ['a', 'a'], ['a', 'b']);
    expect(withUnknown.accuracy).toBe(0.5);
    expect(withUnknown.labels).toEqual(['a', 'b', 'z']);
    const z = withUnknown.perClass.find((c) => c.label === 'z')!;
    expect(z).toMatchObject({ recall: 0, f1: 0, support: 1 });
    // Classes a (P 0.5, R 1, F1 2/3) and z (F1 0) count; b never occurs and does not.
    expect(withUnknown.macroF1).toBeCloseTo(1 / 3, 10);
  });

  it('is perfect for perfect predictions and handles an empty set', () => {
    expect(classificationMetrics(['x', 'y'], ['x', 'y'])).toMatchObject({ accuracy: 1, macroF1: 1 });
    expect(classificationMetrics([], [])).toMatchObject({ accuracy: 0, macroF1: 0, n: 0 });
  });
});

describe('confusionMatrixSvg', () => {
  it('draws one cell per label pair with escaped label names on both axes', () => {
    const m = classificationMetrics(['a<b', 'a<b', 'c'], ['a<b', 'c', 'c']);
    const svg = confusionMatrixSvg(m);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(4);
    expect(svg.match(/>a&lt;b<\/text>/g)).toHaveLength(2);
    expect(svg).toContain('<title>a&lt;b → c: 1 of 2 (50.0%)</title>');
    expect(escapeXml(`"&'`)).toBe('&quot;&amp;&apos;');
  });
});
