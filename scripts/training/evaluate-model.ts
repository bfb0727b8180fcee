import { ABSTAIN_DEFAULTS, labelsNeeded } from '../../lib/model/abstain';
import { loadClassifier, ModelLoadError } from '../../lib/model/load-classifier';
import type { Prediction } from '../../lib/model/types';
import { readLabelledCsv } from './csv';
import { UsageError } from './errors';
import { classificationMetrics, topConfusions, type ClassificationMetrics } from './metrics';
import { evaluateOutOfScope, type OosEvaluation } from './oos-evaluation';
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
  /** Rows with this label are out of scope: right when abstained. Adds the abstention figures. */
  oosLabel?: string;
  /** Abstention threshold to apply instead of the bundle's (0 = off), as a request's `threshold` would. */
  threshold?: number;
}

/**
 * Scores a bundle on a labelled CSV: loads it as the service does and classifies every row.
 *
 * @throws UsageError for a bundle that does not load or bad data
 */
export async function evaluateModel(
  options: EvaluateOptions,
): Promise<{ summary: EvaluationSummary; metrics: ClassificationMetrics; oos?: OosEvaluation }> {
  const { rows, skipped } = readLabelledCsv(options.data, options.textColumn, options.labelColumn);
  if (rows.length === 0)
    throw new UsageError(`no usable rows in ${options.data} (${skipped} skipped with empty text or label)`);
  let classifier;
  try {
    classifier = await loadClassifier(options.model);
  } catch (error) {
    if (error instanceof ModelLoadError) throw new UsageError(`model ${options.model}: ${error.reason}`);
    throw error;
  }
  const predictions: Prediction[] = [];
  const batchSize = options.batchSize ?? 256;
  // The labels the bundle's abstention score reads (the margin the second best, `best-vs-fallback` the fallback's).
  const method = classifier.info.abstain?.method ?? ABSTAIN_DEFAULTS.method;
  const labelsRead = Math.max(2, labelsNeeded(method, classifier.info.labels.length));
  try {
    for (let start = 0; start < rows.length; start += batchSize) {
      const texts = rows.slice(start, start + batchSize).map((r) => r.text);
      predictions.push(...classifier.classify(texts, labelsRead));
    }
  } finally {
    classifier.dispose();
  }
  let oos: OosEvaluation | undefined;
  if (options.oosLabel !== undefined) {
    // The bundle's method and label even when the threshold is 0, so the curve is drawn for the method it uses.
    const bundle = classifier.info.abstain ?? {
      method: ABSTAIN_DEFAULTS.method,
      label: ABSTAIN_DEFAULTS.label,
      threshold: 0,
    };
    const policy = { ...bundle, threshold: options.threshold ?? bundle.threshold };
    oos = evaluateOutOfScope(
      rows.map((r, i) => ({ actual: r.label, prediction: predictions[i]! })),
      options.oosLabel,
      policy,
    );
  }
  // With --oos-label, the classic figures are over in-scope rows (the model's own label, before abstention).
  const inScope = rows
    .map((r, i) => ({ actual: r.label, predicted: predictions[i]!.label }))
    .filter((r) => r.actual !== options.oosLabel);
  const predicted = inScope.map((r) => r.predicted);
  const known = new Set(classifier.info.labels);
  const actual = inScope.map((r) => r.actual);
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
  if (oos) {
    const {
      inScopeAccuracy,
      bestIntentAccuracy,
      oosRecall,
      oosPrecision,
      abstainRate,
      inScopeRows,
      oosRows,
      policy,
      curve,
    } = oos;
    Object.assign(summary, { inScopeAccuracy, bestIntentAccuracy, oosRecall, oosPrecision, abstainRate });
    summary.abstention = { ...policy, oosLabel: options.oosLabel!, inScopeRows, oosRows, curve };
  }
  return { summary, metrics, oos };
}
