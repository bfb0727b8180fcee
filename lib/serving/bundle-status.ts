import { config } from '../config';
import { ModelLoadError } from '../model/errors';
import { verifyBundle } from '../model/bundle/integrity';
import { resolveModelDir } from '../model/bundle/model-dir';
import type { ModelInfo } from '../model/types';
import { markInit } from '../observability/init-marks';
import { logger } from '../observability/logger';
import { toModelUnavailable } from './model-unavailable';
import { createRecoveringLoader } from './recovering-loader';

/**
 * The bundle as `/health` sees it: every file checked against the manifest's sha256, without loading tfjs (keep
 * this module's imports free of `load-classifier` and `@tensorflow/*`). A good result is kept (a deployed bundle
 * cannot change); a bad one is checked again on the next request, so fixing the files is noticed.
 */
export const bundleLoader = createRecoveringLoader<ModelInfo>(
  () => {
    const check = verifyBundle(resolveModelDir(__dirname, config.modelDir ? { MODEL_DIR: config.modelDir } : {}));
    if (!check.ok) throw new ModelLoadError(check.reason);
    markInit('bundle verified');
    return check.info;
  },
  { onPreloadError: (error) => logger.warn('model bundle failed verification at init', { error: error as Error }) },
);

markInit('loader modules evaluated');
bundleLoader.preload();

/**
 * The verified bundle's identity.
 *
 * @throws ApiError 503 MODEL_UNAVAILABLE (with a client-safe reason) when the bundle is missing or corrupted
 */
export async function getBundleInfo(): Promise<ModelInfo> {
  try {
    return await bundleLoader.get();
  } catch (error) {
    throw toModelUnavailable(error);
  }
}
