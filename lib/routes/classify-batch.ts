import { config as defaultConfig, type ServiceConfig } from '../config';
import { classifyBatchLimits } from '../http/limits';
import { jsonResponse } from '../http/response';
import type { ClassifyBatchRequest } from '../http/schemas';
import validateClassifyBatchRequest from '../http/schemas/generated/classify-batch-request';
import { WARM_UP_REQUEST_ID, withHttpStack, type HttpHandler } from '../http/stack';
import type { Classifier, LabelScore } from '../model/types';
import { logger } from '../observability/logger';
import { modelRef } from './model-ref';

export interface ClassifyBatchDependencies {
  /** The loaded classifier; throws 503 MODEL_UNAVAILABLE when there is none. */
  getClassifier: () => Promise<Classifier>;
  config?: ServiceConfig;
}

interface BatchResult {
  id?: string;
  label: string;
  score: number;
  top: LabelScore[];
}

/**
 * `POST /classify/batch`: `{"items": [text | {id?, text}], "topK"?}` -> `{"results", "model"}`, results in request
 * order with ids echoed. All texts go to the classifier in one call (one vectorised prediction).
 *
 * @param deps - where the classifier comes from (and, for tests, the configuration)
 * @returns the Lambda handler, wrapped in the shared stack
 */
export function createClassifyBatchHandler(deps: ClassifyBatchDependencies): HttpHandler {
  const config = deps.config ?? defaultConfig;
  return withHttpStack<ClassifyBatchRequest>(
    async ({ body }, context) => {
      const classifier = await deps.getClassifier();
      const texts = body.items.map((item) => (typeof item === 'string' ? item : item.text));
      const predictions = classifier.classify(texts, body.topK ?? config.defaultTopK);
      if (predictions.length !== texts.length) throw new Error('the classifier returned the wrong number of predictions');
      const results = predictions.map((prediction, index): BatchResult => {
        const item = body.items[index];
        const result: BatchResult = { label: prediction.label, score: prediction.score, top: prediction.top };
        return typeof item === 'object' && item.id !== undefined ? { id: item.id, ...result } : result;
      });
      context.summary.batchSize = texts.length;
      if (logger.getLevelName() === 'DEBUG' && context.requestId !== WARM_UP_REQUEST_ID) logger.debug('batch labels', { labels: predictions.map((p) => p.label) });
      return jsonResponse(200, { results, model: modelRef(classifier.info) });
    },
    {
      route: 'classifyBatch',
      config,
      body: { validate: validateClassifyBatchRequest, checkLimits: classifyBatchLimits(config) },
      warmUp: { method: 'POST', body: { items: ['My card payment was declined', { id: 'b', text: 'How do I top up by bank transfer?' }], topK: 3 } },
    },
  );
}
