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
} as const;

export { MetricUnit };

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
