import { loadClassifier, ModelLoadError } from '../../lib/model/load-classifier';
import { readLabelledCsv } from './csv';
import { UsageError } from './errors';
import { classificationMetrics, topConfusions, type ClassificationMetrics } from './metrics';
import type { EvaluationSummary } from './report';

export interface EvaluateOptions {
  data: string;
  model: string;
  textColumn: string;
  labelColumn: string;
  /** Texts per classify call. */
  batchSize?: number;
  /** How many confusions to list. */
  confusions?: number;
}

/**
 * Scores a bundle on a labelled CSV: loads it as the service does and classifies every row.
 *
 * @throws UsageError for a bundle that does not load or bad data
 */
export async function evaluateModel(options: EvaluateOptions): Promise<{ summary: EvaluationSummary; metrics: ClassificationMetrics }> {
  const { rows, skipped } = readLabelledCsv(options.data, options.textColumn, options.labelColumn);
  if (rows.length === 0) throw new UsageError(`no usable rows in ${options.data} (${skipped} skipped with empty text or label)`);
  let classifier;
  try {
    classifier = await loadClassifier(options.model);
  } catch (error) {
    if (error instanceof ModelLoadError) throw new UsageError(`model ${options.model}: ${error.reason}`);
    throw error;
  }
  const predicted: string[] = [];
  const batchSize = options.batchSize ?? 256;
  try {
    for (let start = 0; start < rows.length; start += batchSize) {
      const texts = rows.slice(start, start + batchSize).map((r) => r.text);
      for (const p of classifier.classify(texts, 1)) predicted.push(p.label);
    }
  } finally {
    classifier.dispose();
  }
  const known = new Set(classifier.info.labels);
  const actual = rows.map((r) => r.label);
  const unknown = actual.filter((l) => !known.has(l));
  const metrics = classificationMetrics(actual, predicted, classifier.info.labels);
  const summary: EvaluationSummary = {
    accuracy: metrics.accuracy,
    macroF1: metrics.macroF1,
    n: metrics.n,
    skippedRows: skipped,
    unknownLabelRows: unknown.length,
    unknownLabels: [...new Set(unknown)].sort(),
    model: { name: classifier.info.name, version: classifier.info.version, sha256: classifier.info.sha256 },
    data: options.data,
    perClass: metrics.perClass.filter((c) => c.support > 0 || predicted.includes(c.label)),
    topConfusions: topConfusions(metrics, options.confusions ?? 10),
  };
  return { summary, metrics };
}
