import { UsageError } from './errors';
import { seededRandom, shuffleInPlace } from './random';

/**
 * Splits row indices into train and validation, stratified by label, reproducibly for a seed.
 * Each label gives `round(count * fraction)` rows to validation, at least 1 and always leaving 1 for training.
 *
 * @param labels - label of each row
 * @param fraction - share of each label held out, in [0, 1)
 * @throws UsageError when a label has a single example (it could not be both learnt and checked)
 */
export function stratifiedSplit(
  labels: readonly string[],
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } {
  const byLabel = rowsByLabel(labels);
  const random = seededRandom(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const rows = shuffleInPlace([...byLabel.get(label)!], random);
    const held = fraction > 0 ? Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * fraction))) : 0;
    validation.push(...rows.slice(0, held));
    train.push(...rows.slice(held));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/**
 * Deals row indices into `k` folds for cross-validation, stratified by label, reproducibly for a seed: each label's
 * rows are shuffled and dealt round-robin, starting where the previous label stopped, so every fold gets `n/k` (±1)
 * rows of each label and the folds' sizes differ by at most one row. Every row is in exactly one fold.
 *
 * @example
 * stratifiedFolds(['a', 'a', 'b', 'b'], 2, 42) // e.g. [[0, 3], [1, 2]]
 * @returns `k` sorted lists of row indices (the validation rows of each fold)
 * @throws UsageError when k < 2, or a label has fewer than 2 rows (it could not be both learnt and checked)
 */
export function stratifiedFolds(
  labels: readonly string[],
  k: number,
  seed: number,
  /** Deal a label's single row too (calibration folds: a row may be predicted by a model that never saw its label). */
  { singleRows = false }: { singleRows?: boolean } = {},
): number[][] {
  if (!Number.isInteger(k) || k < 2) throw new UsageError('--cv needs at least 2 folds');
  if (k > labels.length) throw new UsageError(`--cv ${k} needs at least ${k} rows; the data has ${labels.length}`);
  const byLabel = rowsByLabel(labels, singleRows);
  const random = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const label of [...byLabel.keys()].sort()) {
    for (const row of shuffleInPlace([...byLabel.get(label)!], random)) {
      folds[next]!.push(row);
      next = (next + 1) % k;
    }
  }
  return folds.map((fold) => fold.sort((a, b) => a - b));
}

/**
 * Row indices grouped by label, in row order.
 *
 * @throws UsageError when a label has a single example (it could not be both learnt and checked)
 */
function rowsByLabel(labels: readonly string[], singleRows = false): Map<string, number[]> {
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label);
    if (list) list.push(i);
    else byLabel.set(label, [i]);
  });
  const single = singleRows ? [] : [...byLabel].filter(([, rows]) => rows.length < 2).map(([label]) => label);
  if (single.length > 0) {
    throw new UsageError(
      `every label needs at least 2 examples; ${single.length} label(s) have 1: ${single.slice(0, 5).join(', ')}`,
    );
  }
  return byLabel;
}
