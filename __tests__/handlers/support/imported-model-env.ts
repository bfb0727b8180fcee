import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleOptions } from '../../import/support/examples';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Imports an example of `examples/` with `npm run import-model`'s script into a fresh directory and points MODEL_DIR
 * at it. Call it at the top of a test module, before the handlers are imported (and lib/config.ts reads the
 * environment), so they find the bundle at init.
 *
 * @returns the bundle directory and what the command printed
 */
export function useImportedExample(example: string, name: string): { modelDir: string; printed: string } {
  const modelDir = join(mkdtempSync(join(tmpdir(), 'atlas-imported-')), 'bundle');
  const options = exampleOptions(example, modelDir);
  const args = [
    '--model',
    options.model,
    '--out',
    modelDir,
    '--labels',
    options.labels,
    '--input',
    options.input,
    '--name',
    name,
  ];
  const printed = execFileSync(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'scripts', 'import-model.ts'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  process.env.MODEL_DIR = modelDir;
  return { modelDir, printed };
}
