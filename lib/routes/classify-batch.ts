import { config as defaultConfig, type ServiceConfig } from '../config';
import { classifyBatchLimits } from '../http/limits';
import { jsonResponse } from '../http/response';
import type { ClassifyBatchRequest, ClassifyBatchResult } from '../http/schemas';
import validateClassifyBatchRequest from '../http/schemas/generated/classify-batch-request';
import { WARM_UP_REQUEST_ID, withHttpStack, type HttpHandler } from '../http/stack';
import { policyInForce } from '../model/abstain';
import type { Classifier } from '../model/types';
import { logger } from '../observability/logger';
import { answerRequest } from './answer';
import { modelInputs, sampleInput, withModelErrors } from './model-input';
import { modelRef } from './model-ref';

export interface ClassifyBatchDependencies {
  /** The loaded classifier; throws 503 MODEL_UNAVAILABLE when there is none. */
  getClassifier: () => Promise<Classifier>;
  config?: ServiceConfig;
}

/**
 * `POST /classify/batch`: `{"items": [text | {id?, text} | {id?, features}], "topK"?, "threshold"?, "explain"?}` ->
 * `{"results", "model"}`, results in request order with ids echoed, each with `abstained` as in `POST /classify`.
 * All items go to the classifier in one call (one vectorised prediction).
 *
 * @param deps - where the classifier comes from (and, for tests, the configuration)
 * @returns the Lambda handler, wrapped in the shared stack
 */
export function createClassifyBatchHandler(deps: ClassifyBatchDependencies): HttpHandler {
  const config = deps.config ?? defaultConfig;
  return withHttpStack<ClassifyBatchRequest>(
    async ({ body }, context) => {
      const classifier = await deps.getClassifier();
      const requests = body.items.map((item, index) => ({ request: item, pointer: `/items/${index}` }));
      const inputs = modelInputs(requests, classifier.info.input);
      const { policy } = policyInForce(classifier.info.abstain, config.abstainThreshold, body.threshold);
      const { answers: predictions, occludedRows } = withModelErrors(requests, () =>
        answerRequest(classifier, inputs, body.topK ?? config.defaultTopK, policy, body.explain),
      );
      if (predictions.length !== inputs.length)
        throw new Error('the classifier returned the wrong number of predictions');
      const results = predictions.map((prediction, index): ClassifyBatchResult => {
        const item = body.items[index];
        const { label, score, top, abstained, explanation } = prediction;
        const result: ClassifyBatchResult = explanation
          ? { label, score, top, abstained, explanation }
          : { label, score, top, abstained };
        return typeof item === 'object' && item.id !== undefined ? { id: item.id, ...result } : result;
      });
      context.summary.batchSize = inputs.length;
      context.summary.abstainedItems = predictions.filter((p) => p.abstained).length;
      if (body.explain) Object.assign(context.summary, { explainedItems: inputs.length, occludedRows });
      context.summary.labelCounts = countLabels(predictions);
      context.summary.scoreSum = predictions.reduce((sum, p) => sum + p.score, 0);
      if (logger.getLevelName() === 'DEBUG' && context.requestId !== WARM_UP_REQUEST_ID) {
        logger.debug('batch labels', { labels: predictions.map((p) => p.label) });
      }
      return jsonResponse(200, { results, model: modelRef(classifier.info) });
    },
    {
      route: 'classifyBatch',
      config,
      body: { validate: validateClassifyBatchRequest, checkLimits: classifyBatchLimits(config) },
      warmUp: {
        method: 'POST',
        body: async () => {
          const item = sampleInput((await deps.getClassifier()).info.input);
          return { items: [item, { id: 'b', ...item }], topK: 3 };
        },
      },
    },
  );
}

/** Answers per label, for the label-distribution metric. */
function countLabels(predictions: readonly { label: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { label } of predictions) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
