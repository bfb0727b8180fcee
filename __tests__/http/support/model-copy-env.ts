import { copyBundle } from './model-bundle';

/**
 * Imported first by the fault tests: points MODEL_DIR at a private copy of the bundle before lib/config.ts reads
 * the environment, so the tests can break and repair files without touching model/.
 */
export const bundleCopy = copyBundle();
process.env.MODEL_DIR = bundleCopy.dir;
