import { median, percentile, round, sortNumbers, summarize } from '../../scripts/bench/stats';

describe('bench statistics', () => {
  it('sorts numerically, not as strings', () => {
    expect(Array.from(sortNumbers([10, 9, 100, 1.5]))).toEqual([1.5, 9, 10, 100]);
  });

  it('takes the nearest-rank percentile (a measured value, no interpolation)', () => {
    const sorted = sortNumbers(Array.from({ length: 100 }, (_, i) => i + 1)); // 1..100
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0.5)).toBe(1);
    // 5 samples: p50 is rank ceil(2.5) = 3, p99 is rank ceil(4.95) = 5.
    expect(percentile([1, 2, 3, 4, 50], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 50], 99)).toBe(50);
  });

  it('rejects an empty sample or a percentile out of range', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => median([])).toThrow(RangeError);
    expect(() => summarize([])).toThrow(RangeError);
  });

  it('takes the middle sample as the median, or the mean of the two middle ones', () => {
    expect(median([1, 3, 7])).toBe(3);
    expect(median([1, 3, 7, 9])).toBe(5);
    expect(median([4])).toBe(4);
  });

  it('summarises unsorted samples without modifying them', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ n: 5, min: 1, max: 5, mean: 3, median: 3, p50: 3, p99: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('rounds for display', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.23456, 1)).toBe(1.2);
  });
});
