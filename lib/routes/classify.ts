import { config as defaultConfig, type ServiceConfig } from '../config';
import { classifyLimits } from '../http/limits';
import { jsonResponse } from '../http/response';
import type { ClassifyRequest } from '../http/schemas';
import validateClassifyRequest from '../http/schemas/generated/classify-request';
import { withHttpStack, type HttpHandler } from '../http/stack';
import { policyInForce } from '../model/abstain';
import type { Classifier } from '../model/types';
import { answerRequest } from './answer';
import { modelInputs, sampleInput, withModelErrors } from './model-input';
import { modelRef } from './model-ref';

export interface ClassifyDependencies {
  /** The loaded classifier; throws 503 MODEL_UNAVAILABLE when there is none. */
  getClassifier: () => Promise<Classifier>;
  config?: ServiceConfig;
}

/**
 * `POST /classify`: `{"text" | "features", "topK"?, "threshold"?, "explain"?}` -> `{"label", "score", "top", "abstained",
 * "explanation"?, "model"}`.
 * Under the threshold in force (see `policyInForce`) `label` is the bundle's fallback label and `abstained` is true.
 *
 * @param deps - where the classifier comes from (and, for tests, the configuration)
 * @returns the Lambda handler, wrapped in the shared stack
 */
export function createClassifyHandler(deps: ClassifyDependencies): HttpHandler {
  const config = deps.config ?? defaultConfig;
  return withHttpStack<ClassifyRequest>(
    async ({ body }, context) => {
      const classifier = await deps.getClassifier();
      const requests = [{ request: body, pointer: '' }];
      const inputs = modelInputs(requests, classifier.info.input);
      const { policy } = policyInForce(classifier.info.abstain, config.abstainThreshold, body.threshold);
      const { answers, occludedRows } = withModelErrors(requests, () =>
        answerRequest(classifier, inputs, body.topK ?? config.defaultTopK, policy, body.explain),
      );
      const [prediction] = answers;
      if (!prediction) throw new Error('the classifier returned no prediction');
      context.summary.label = prediction.label;
      context.summary.score = prediction.score;
      context.summary.abstained = prediction.abstained;
      if (prediction.explanation) Object.assign(context.summary, { explainedItems: 1, occludedRows });
      return jsonResponse(200, {
        label: prediction.label,
        score: prediction.score,
        top: prediction.top,
        abstained: prediction.abstained,
        ...(prediction.explanation ? { explanation: prediction.explanation } : {}),
        model: modelRef(classifier.info),
      });
    },
    {
      route: 'classify',
      config,
      body: { validate: validateClassifyRequest, checkLimits: classifyLimits(config) },
      warmUp: {
        method: 'POST',
        body: async () => ({ ...sampleInput((await deps.getClassifier()).info.input), topK: 3 }),
      },
    },
  );
}
