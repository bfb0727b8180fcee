import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleManifest } from '../../../lib/model/bundle/manifest';

/** The project's default bundle. */
export const MODEL_DIR = join(__dirname, '..', '..', '..', 'model');

/** The default bundle's manifest. */
export function readManifest(dir = MODEL_DIR): BundleManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
}

/**
 * A private copy of the default bundle in a temp dir, for tests that break files; `remove` deletes it.
 *
 * @returns the copy's directory
 */
export function copyBundle(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-model-'));
  cpSync(MODEL_DIR, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
