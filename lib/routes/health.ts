import { config as defaultConfig, type ServiceConfig } from '../config';
import { ApiError } from '../http/errors';
import { jsonResponse } from '../http/response';
import { withHttpStack, type HttpHandler } from '../http/stack';
import { policyInForce } from '../model/abstain/resolve';
import type { ModelInfo } from '../model/types';

export interface HealthDependencies {
  /** The verified bundle's identity; throws 503 MODEL_UNAVAILABLE when the bundle fails verification. */
  getBundleInfo: () => Promise<ModelInfo>;
  config?: ServiceConfig;
}

/**
 * `GET /health`: 200 `{"status": "ok", "model": {name, version, labels, sha256, input, examples?}, "abstain", "coldStart"}`
 * (`input`: the kind, `ngrams`, `sequence` or `features`, and for features models the feature names in order;
 * `examples`: a few texts from the bundle's samples, when it has some), or 503
 * `{"status": "unavailable", "reason", "error": {...}, "requestId"}` (the health fields plus the usual error
 * envelope, so a client that only knows the envelope still understands it). Never loads tfjs. `abstain` is the
 * abstention in force for requests without a `threshold`: `{method, threshold, label, source}` (source `stage` or
 * `bundle`), or `{threshold: 0, source}` when off.
 *
 * @param deps - where the bundle check comes from (and, for tests, the configuration)
 * @returns the Lambda handler, wrapped in the shared stack (no body parsing)
 */
export function createHealthHandler(deps: HealthDependencies): HttpHandler {
  const config = deps.config ?? defaultConfig;
  return withHttpStack<undefined>(
    async (_event, context) => {
      let info: ModelInfo;
      try {
        info = await deps.getBundleInfo();
      } catch (error) {
        if (!(error instanceof ApiError) || error.code !== 'MODEL_UNAVAILABLE') throw error;
        context.summary.errorCode = error.code;
        return jsonResponse(error.statusCode, {
          status: 'unavailable',
          reason: error.message,
          error: { code: error.code, message: error.message },
          requestId: context.requestId,
        });
      }
      const { name, version, labels, sha256, input = { kind: 'ngrams' }, examples } = info;
      const inForce = policyInForce(info.abstain, config.abstainThreshold);
      const abstain = { ...(inForce.policy ?? { threshold: 0 }), source: inForce.source };
      const model = { name, version, labels, sha256, input, ...(examples ? { examples } : {}) };
      return jsonResponse(200, { status: 'ok', model, abstain, coldStart: context.coldStart });
    },
    { route: 'health', config, warmUp: { method: 'GET' } },
  );
}
