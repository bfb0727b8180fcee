import { classLabels, mergeClasses, splitLabel } from '../../scripts/training/label-clusters';
import type { FeatureMatrix } from '../../scripts/training/features';

/** Rows as sparse vectors: each row lists its n-gram ids, all weighted alike and L2-normalised as the trainer's are. */
function matrix(rows: readonly number[][]): FeatureMatrix {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((ids, r) => (offsets[r + 1] = offsets[r]! + ids.length));
  return {
    rows: rows.length,
    offsets,
    ids: Int32Array.from(rows.flat()),
    weights: Float32Array.from(rows.flatMap((ids) => ids.map(() => 1 / Math.sqrt(ids.length)))),
  };
}

// Label 2 ("out of scope") holds two topics: n-grams 10-13 (cooking) and 20-23 (football); labels 0 and 1 are intents.
const ROWS = [
  [1, 2],
  [1, 3],
  [4, 5],
  [4, 6],
  [10, 11, 12],
  [20, 21, 22],
  [10, 12, 13],
  [21, 22, 23],
  [11, 12, 13],
  [20, 22, 23],
];
const LABELS = Int32Array.from([0, 0, 1, 1, 2, 2, 2, 2, 2, 2]);

describe('splitLabel', () => {
  it('learns a label of two topics as two classes, the first keeping its index, the second after the labels', () => {
    const features = matrix(ROWS);
    const split = splitLabel(features, LABELS, 3, 2, 2, 42);
    expect(split.classCount).toBe(4);
    expect(Array.from(split.servedAs)).toEqual([0, 1, 2, 2]);
    const classes = Array.from(classLabels(features, LABELS, split));
    // Other labels are untouched; the out-of-scope rows are grouped by topic, one topic per class.
    expect(classes.slice(0, 4)).toEqual([0, 0, 1, 1]);
    const cooking = new Set([4, 6, 8].map((r) => classes[r]));
    const football = new Set([5, 7, 9].map((r) => classes[r]));
    expect(cooking.size).toBe(1);
    expect(football.size).toBe(1);
    expect(new Set([...cooking, ...football])).toEqual(new Set([2, 3]));
    // A new row goes to the cluster whose topic it shares.
    const unseen = matrix([
      [12, 13],
      [20, 23],
    ]);
    expect(split.classOf(unseen, 0)).toBe([...cooking][0]);
    expect(split.classOf(unseen, 1)).toBe([...football][0]);
  });

  it('is the same for the same seed, and never makes more classes than the label has rows', () => {
    const features = matrix(ROWS);
    const a = classLabels(features, LABELS, splitLabel(features, LABELS, 3, 2, 2, 7));
    const b = classLabels(features, LABELS, splitLabel(features, LABELS, 3, 2, 2, 7));
    expect(a).toEqual(b);
    expect(splitLabel(features, LABELS, 3, 2, 50, 7).classCount).toBeLessThanOrEqual(3 + 6 - 1);
    // Rows that are all alike make one cluster, whatever was asked: a class with no rows would learn nothing.
    const same = matrix([[1], [1], [9], [9], [9]]);
    const split = splitLabel(same, Int32Array.from([0, 0, 1, 1, 1]), 2, 1, 3, 7);
    expect(split.classCount).toBe(2);
  });

  it('with one cluster, changes nothing', () => {
    const features = matrix(ROWS);
    const split = splitLabel(features, LABELS, 3, 2, 1, 42);
    expect(split.classCount).toBe(3);
    expect(classLabels(features, LABELS, split)).toEqual(LABELS);
  });
});

describe('mergeClasses', () => {
  it("sums each label's classes, so every row's probabilities still add up to 1", () => {
    const merged = mergeClasses(
      Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.1, 0.1, 0.3]),
      Int32Array.from([0, 1, 2, 2]),
      3,
    );
    expect(Array.from(merged).map((x) => Number(x.toFixed(6)))).toEqual([0.1, 0.2, 0.7, 0.5, 0.1, 0.4]);
  });
});

describe('splitLabel on rows without n-grams', () => {
  it('puts empty rows in a cluster without failing, and still separates the topics', () => {
    const rows = [[1], [2], [], [10, 11], [20, 21], [], [10, 12], [20, 22]];
    const labels = Int32Array.from([0, 0, 1, 1, 1, 1, 1, 1]);
    const features = matrix(rows);
    const split = splitLabel(features, labels, 2, 1, 2, 3);
    const classes = Array.from(classLabels(features, labels, split));
    expect(classes.every((c) => c >= 0 && c < split.classCount)).toBe(true);
    expect(classes[3]).toBe(classes[6]);
    expect(classes[4]).toBe(classes[7]);
    expect(classes[3]).not.toBe(classes[4]);
  });
});
