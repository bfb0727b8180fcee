import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MANIFEST_FILE } from './manifest';

/**
 * Finds the model bundle directory: `MODEL_DIR` when set, else the first `model/` holding a manifest found walking
 * up from `startDir`. Walking up from the running file works from the TS sources, from the esbuild output and from
 * the Lambda zip (where `model/` sits at the zip root).
 *
 * @param startDir - where to start walking up (default: this file's directory)
 * @param env - environment to read `MODEL_DIR` from
 * @throws Error when no bundle is found
 */
export function resolveModelDir(startDir: string = __dirname, env: NodeJS.ProcessEnv = process.env): string {
  if (env.MODEL_DIR) return resolve(env.MODEL_DIR);
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, 'model');
    if (existsSync(join(candidate, MANIFEST_FILE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no model bundle found: set MODEL_DIR or place model/${MANIFEST_FILE} in a parent directory of ${startDir}`);
}
