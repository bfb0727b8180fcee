import { ModelLoadError } from '../errors';
import type { RuntimeName } from './runtime';

/**
 * Imports a runtime's heavy half (`./load`, with tfjs). In a Lambda package that import is a file of its own,
 * `model-cache/<runtime>-runtime.js` (`scripts/build/esbuild-plugins.js`), which packaging adds only for a model that
 * needs it; a package without it says so instead of failing with a bare MODULE_NOT_FOUND.
 */
export async function importRuntimeFile<T>(runtime: RuntimeName, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new ModelLoadError(
      `this package was built without the ${runtime} runtime this model needs: package the service with the model in model/ ` +
        `(packaging adds model-cache/${runtime}-runtime.js for a model that needs it)`,
      { cause: error },
    );
  }
}
