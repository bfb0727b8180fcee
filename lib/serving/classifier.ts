import { config } from '../config';
import { loadClassifier, warmUpInput } from '../model/load-classifier';
import { resolveModelDir } from '../model/bundle/model-dir';
import type { Classifier } from '../model/types';
import { markInit } from '../observability/init-marks';
import { logger } from '../observability/logger';
import { toModelUnavailable } from './model-unavailable';
import { FirstPredictionCheck } from './first-prediction-check';
import { createRecoveringLoader } from './recovering-loader';

/**
 * The container's classifier. Loading starts when this module is imported (the Lambda init phase), so the first
 * request usually finds the model loaded; a failed load is retried by the next request. The model is not run at
 * load: its first prediction (the init-phase warm-up request's, or the first request's) proves it can predict, and a
 * model that cannot is dropped and answered as a failed load, 503 with a retry (see `FirstPredictionCheck`).
 */
export const classifierLoader = createRecoveringLoader<Classifier>(
  async () => {
    const classifier = await loadClassifier(modelDir(), { warmUp: false });
    const checked: Classifier = new FirstPredictionCheck(classifier, warmUpInput(classifier.info.input), (error) => {
      logger.error('the model loaded but cannot predict; dropped, the next request loads it again', { error });
      classifierLoader.drop(checked);
    });
    return checked;
  },
  {
    dispose: (classifier) => classifier.dispose(),
    onPreloadError: (error) =>
      logger.error('model failed to load at init; requests will retry', { error: error as Error }),
  },
);

markInit('loader modules evaluated');
classifierLoader.preload();

/**
 * The loaded classifier, for a request.
 *
 * @throws ApiError 503 MODEL_UNAVAILABLE (with a client-safe reason) when the model cannot be loaded
 */
export async function getClassifier(): Promise<Classifier> {
  try {
    return await classifierLoader.get();
  } catch (error) {
    logger.error('model failed to load', { error: error as Error });
    throw toModelUnavailable(error);
  }
}

/** Resolved on every attempt, so fixing MODEL_DIR or the files is picked up by the next try. */
function modelDir(): string {
  return resolveModelDir(__dirname, config.modelDir ? { MODEL_DIR: config.modelDir } : {});
}
