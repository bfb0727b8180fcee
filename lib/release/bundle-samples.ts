import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../model/bundle/manifest';
import { resolveModelDir } from '../model/bundle/model-dir';
import type { ManifestSample } from '../model/bundle/samples';
import { parseServedManifest } from '../model/bundle/served-manifest';

/**
 * The samples of the bundle packaged with the hook: the same `model/` the new versions were packaged with, so they
 * are the samples of the model being deployed. Only the manifest is read (the hook ships nothing else of the bundle).
 *
 * @param modelDir - the bundle directory (default: found as the service finds it, `MODEL_DIR` first)
 * @throws when the manifest is missing or invalid
 */
export function bundleSamples(modelDir: string = resolveModelDir(__dirname)): ManifestSample[] | undefined {
  return parseServedManifest(JSON.parse(readFileSync(join(modelDir, MANIFEST_FILE), 'utf8'))).samples;
}
