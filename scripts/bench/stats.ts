/** Summary statistics for benchmark samples (milliseconds or any other unit). */

/** The figures reported for a set of timings. */
export interface Summary {
  n: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p50: number;
  p99: number;
}

/**
 * The `p`-th percentile by the nearest-rank method: the smallest sample with at least `p`% of the samples at or
 * below it. Nearest-rank always returns a measured value (no interpolation), so a p99 is a latency that happened.
 *
 * @param sorted - samples in ascending order (see {@link sortNumbers})
 * @param p - percentile in (0, 100]
 * @throws RangeError on an empty sample or a `p` outside (0, 100]
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}

/**
 * The median: the middle sample, or the mean of the two middle ones for an even count.
 *
 * @param sorted - samples in ascending order
 * @throws RangeError on an empty sample
 */
export function median(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('median of an empty sample');
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A sorted copy as a Float64Array (numeric order; `Array.prototype.sort` would sort as strings). */
export function sortNumbers(samples: ArrayLike<number>): Float64Array {
  return Float64Array.from(samples).sort();
}

/**
 * Min, max, mean, median, p50 and p99 of a sample.
 *
 * @param samples - measurements in any order (not modified)
 * @throws RangeError on an empty sample
 */
export function summarize(samples: ArrayLike<number>): Summary {
  const sorted = sortNumbers(samples);
  if (sorted.length === 0) throw new RangeError('summary of an empty sample');
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
    median: median(sorted),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/** Rounds for display and JSON, so results.json stays readable (timer noise is far above 0.001 ms). */
export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
