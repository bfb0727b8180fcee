import { config as defaultConfig, type ServiceConfig } from '../config';
import { classifyLimits } from '../http/limits';
import { jsonResponse } from '../http/response';
import type { ClassifyRequest } from '../http/schemas';
import validateClassifyRequest from '../http/schemas/generated/classify-request';
import { withHttpStack, type HttpHandler } from '../http/stack';
import type { Classifier } from '../model/types';
import { modelRef } from './model-ref';

export interface ClassifyDependencies {
  /** The loaded classifier; throws 503 MODEL_UNAVAILABLE when there is none. */
  getClassifier: () => Promise<Classifier>;
  config?: ServiceConfig;
}

/**
 * `POST /classify`: `{"text", "topK"?}` -> `{"label", "score", "top", "model"}`.
 *
 * @param deps - where the classifier comes from (and, for tests, the configuration)
 * @returns the Lambda handler, wrapped in the shared stack
 */
export function createClassifyHandler(deps: ClassifyDependencies): HttpHandler {
  const config = deps.config ?? defaultConfig;
  return withHttpStack<ClassifyRequest>(
    async ({ body }, context) => {
      const classifier = await deps.getClassifier();
      const [prediction] = classifier.classify([body.text], body.topK ?? config.defaultTopK);
      if (!prediction) throw new Error('the classifier returned no prediction');
      context.summary.label = prediction.label;
      context.summary.score = prediction.score;
      return jsonResponse(200, {
        label: prediction.label,
        score: prediction.score,
        top: prediction.top,
        model: modelRef(classifier.info),
      });
    },
    {
      route: 'classify',
      config,
      body: { validate: validateClassifyRequest, checkLimits: classifyLimits(config) },
      warmUp: { method: 'POST', body: { text: 'I still have not received my new card, when will it arrive?', topK: 3 } },
    },
  );
}
