import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { performance } from 'node:perf_hooks';
import { takeColdStart } from '../../observability/cold-start';
import { addPredictionMetrics, METRIC, MetricUnit, type AnsweredPredictions } from '../../observability/metrics';
import type { HttpContext, HttpMiddleware, HttpResponse, RequestSummary } from '../types';

/**
 * One structured log line and one set of metrics per request: status, latency, cold start, and the summary the
 * handler left (label, score and whether it abstained, or batch size and abstentions; the error code on failure). Never the request body or its texts.
 * Also marks the request's cold-start flag and start time, and tags every log line of the request with its id.
 *
 * @param logger - the service logger
 * @param metrics - the route's metrics
 */
export function accessLog(logger: Logger, metrics: Metrics): HttpMiddleware {
  // Its own metric object, so the error-code dimension does not split the request and latency figures. Made once:
  // each `singleMetric()` builds a new Metrics with its own Console; this one publishes and clears its dimension on
  // every addMetric, so it can be reused.
  const errorMetrics = metrics.singleMetric();
  const labelMetrics = metrics.singleMetric();
  const finish = ({ context, response }: { context: HttpContext; response: HttpResponse | null }): void => {
    // The fallbacks only matter if a middleware before this one failed, so this one's `before` never ran.
    const latencyMs = Math.round((performance.now() - (context.startedAt ?? performance.now())) * 1000) / 1000;
    const statusCode = response?.statusCode ?? 500;
    const summary = context.summary ?? {};
    logger.info('request', { statusCode, latencyMs, coldStart: context.coldStart, ...summary });
    metrics.addMetric(METRIC.requests, MetricUnit.Count, 1);
    metrics.addMetric(METRIC.latency, MetricUnit.Milliseconds, latencyMs);
    if (summary.batchSize !== undefined) metrics.addMetric(METRIC.batchSize, MetricUnit.Count, summary.batchSize);
    const abstentions =
      summary.abstainedItems ?? (summary.abstained === undefined ? undefined : Number(summary.abstained));
    if (abstentions !== undefined) {
      metrics.addMetric(METRIC.abstentions, MetricUnit.Count, abstentions);
      metrics.addMetric(METRIC.abstentionRate, MetricUnit.Percent, (100 * abstentions) / (summary.batchSize ?? 1));
    }
    if (summary.explainedItems !== undefined) {
      metrics.addMetric(METRIC.explainedItems, MetricUnit.Count, summary.explainedItems);
      metrics.addMetric(METRIC.occludedRows, MetricUnit.Count, summary.occludedRows ?? 0);
    }
    const answered = answeredPredictions(summary);
    if (answered) addPredictionMetrics(metrics, labelMetrics, answered);
    if (summary.errorCode !== undefined) {
      errorMetrics.addDimension('errorCode', summary.errorCode).addMetric(METRIC.errors, MetricUnit.Count, 1);
    }
  };
  return {
    before: ({ context }) => {
      context.startedAt = performance.now();
      context.coldStart = takeColdStart();
      context.summary = {};
      logger.appendKeys({ requestId: context.requestId });
    },
    after: finish,
    onError: finish,
  };
}

/** The drift figures of a request that answered: a batch leaves its counts, a single classification its label and score. */
function answeredPredictions(summary: RequestSummary): AnsweredPredictions | undefined {
  if (summary.labelCounts && summary.scoreSum !== undefined)
    return { labelCounts: summary.labelCounts, scoreSum: summary.scoreSum };
  if (summary.label !== undefined && summary.score !== undefined)
    return { labelCounts: { [summary.label]: 1 }, scoreSum: summary.score };
  return undefined;
}
