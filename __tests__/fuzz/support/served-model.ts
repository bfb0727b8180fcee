import { join } from 'node:path';
import { verifyBundle } from '../../../lib/model/bundle/integrity';
import { resolveModelDir } from '../../../lib/model/bundle/model-dir';
import type { ModelInfo } from '../../../lib/model/types';

/**
 * The identity of the bundle the real handlers serve (MODEL_DIR, else the `model/` found from lib/serving), read
 * independently of them, so responses can be checked against the labels and name it declares.
 *
 * @throws when the bundle is missing or broken: these suites need the intact default model
 */
export function servedModel(): ModelInfo {
  const dir = resolveModelDir(join(__dirname, '..', '..', '..', 'lib', 'serving'));
  const check = verifyBundle(dir);
  if (!check.ok) throw new Error(`the model bundle in ${dir} is broken: ${check.reason}`);
  return check.info;
}
