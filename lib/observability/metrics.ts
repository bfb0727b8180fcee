import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { config } from '../config';

/** Names of the metrics the service emits (CloudWatch Embedded Metric Format, through the logs). */
export const METRIC = {
  requests: 'Requests',
  latency: 'Latency',
  batchSize: 'BatchSize',
  errors: 'Errors',
  /** Answers that abstained, per request (a batch counts its items). */
  abstentions: 'Abstentions',
  /** Abstained answers over answers of the request, in percent: its average per route is the abstention rate. */
  abstentionRate: 'AbstentionRate',
  /** Answers explained (`"explain": true`), per request (a batch counts its items). */
  explainedItems: 'ExplainedItems',
  /** Rows the explanations added to the request's one prediction (one per weighed word or feature): their cost. */
  occludedRows: 'OccludedRows',
  /** Answers given (a batch counts its items); with ConfidenceSum, the mean confidence is SUM(ConfidenceSum) / SUM(Predictions). */
  predictions: 'Predictions',
  /** Sum of the answers' top scores (probabilities in [0, 1]). */
  confidenceSum: 'ConfidenceSum',
  /** Answers per predicted label, with the label as a dimension: the label distribution, to see drift. */
  labelPredictions: 'LabelPredictions',
} as const;

export { MetricUnit };

/** The dimension of {@link METRIC.labelPredictions}. */
export const LABEL_DIMENSION = 'label';

/** What one request answered, for the drift metrics. */
export interface AnsweredPredictions {
  /** Answers per label. */
  labelCounts: Readonly<Record<string, number>>;
  /** Sum of their top scores. */
  scoreSum: number;
}

/**
 * Adds a request's drift metrics: its answer count and score sum to the route's metrics, and one
 * {@link METRIC.labelPredictions} per predicted label to `perLabel` (a `singleMetric()`, which publishes each at once,
 * so the label dimension never splits the route's other figures). Labels come from the model's output (its manifest's
 * labels and abstention label), never from the request, so the dimension's values are bounded.
 *
 * @param metrics - the route's metrics
 * @param perLabel - a single-metric emitter made from them
 */
export function addPredictionMetrics(metrics: Metrics, perLabel: Metrics, answered: AnsweredPredictions): void {
  let count = 0;
  for (const [label, n] of Object.entries(answered.labelCounts)) {
    perLabel.addDimension(LABEL_DIMENSION, label).addMetric(METRIC.labelPredictions, MetricUnit.Count, n);
    count += n;
  }
  metrics.addMetric(METRIC.predictions, MetricUnit.Count, count);
  metrics.addMetric(METRIC.confidenceSum, MetricUnit.NoUnit, answered.scoreSum);
}

/**
 * Creates the metrics emitter of one route. Each function gets its own, with a `route` dimension, so the three
 * functions' figures stay apart in the shared namespace. Powertools' own `ColdStart` metric is added by the stack.
 *
 * @param route - the dimension value, e.g. `classify`
 */
export function createMetrics(route: string): Metrics {
  return new Metrics({
    namespace: config.metricsNamespace,
    serviceName: config.serviceName,
    defaultDimensions: { route },
  });
}
