/** Precision, recall and F1 of one class. */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this class. */
  support: number;
}

/** A most-frequent mistake. */
export interface Confusion {
  actual: string;
  predicted: string;
  count: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  /** Unweighted mean F1 over every class that occurs as a true or a predicted label. */
  macroF1: number;
  n: number;
  labels: string[];
  perClass: ClassMetrics[];
  /** `matrix[i][j]`: rows of true class `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
}

/**
 * Accuracy, macro-F1, per-class metrics and the confusion matrix of predictions against true labels.
 * Classes are `knownLabels` (in that order) followed by any other label seen, so true labels the model does not know
 * count as errors and as classes with F1 0.
 */
export function classificationMetrics(
  actual: readonly string[],
  predicted: readonly string[],
  knownLabels: readonly string[] = [],
): ClassificationMetrics {
  if (actual.length !== predicted.length) throw new Error('actual and predicted differ in length');
  const labels = [...knownLabels];
  const index = new Map(labels.map((l, i) => [l, i]));
  for (const label of [...actual, ...predicted]) {
    if (!index.has(label)) {
      index.set(label, labels.length);
      labels.push(label);
    }
  }
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  actual.forEach((a, r) => {
    const p = predicted[r]!;
    matrix[index.get(a)!]![index.get(p)!]! += 1;
    if (a === p) correct++;
  });
  const perClass: ClassMetrics[] = labels.map((label, i) => {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((s, v) => s + v, 0);
    const predictedCount = matrix.reduce((s, row) => s + row[i]!, 0);
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perClass.filter((c, i) => c.support > 0 || matrix.some((row) => row[i]! > 0));
  const macroF1 = present.length > 0 ? present.reduce((s, c) => s + c.f1, 0) / present.length : 0;
  const n = actual.length;
  return { accuracy: n > 0 ? correct / n : 0, macroF1, n, labels, perClass, matrix };
}

/** The `limit` most frequent off-diagonal cells, largest first (ties by label order). */
export function topConfusions(metrics: ClassificationMetrics, limit: number): Confusion[] {
  const cells: Confusion[] = [];
  metrics.matrix.forEach((row, i) =>
    row.forEach((count, j) => {
      if (i !== j && count > 0) cells.push({ actual: metrics.labels[i]!, predicted: metrics.labels[j]!, count });
    }),
  );
  return cells.sort((a, b) => b.count - a.count).slice(0, limit);
}
