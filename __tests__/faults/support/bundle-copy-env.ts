/**
 * Imported right after the env module by the fault suites, before any handler: copies the served bundle
 * (MODEL_DIR, else the project's model/) to a temp dir twice -- one to break, one pristine to restore from -- and
 * points MODEL_DIR at the breakable copy before lib/config.ts reads it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModelDir } from '../../../lib/model/bundle/model-dir';

const source = resolveModelDir(join(__dirname, '..', '..', '..', 'lib', 'serving'));
const root = mkdtempSync(join(tmpdir(), 'atlas-faults-'));

/** The copy the tests break and repair (MODEL_DIR points here). */
export const bundleDir = join(root, 'model');
/** An untouched copy to restore from. */
export const pristineDir = join(root, 'pristine');

cpSync(source, bundleDir, { recursive: true });
cpSync(source, pristineDir, { recursive: true });
process.env.MODEL_DIR = bundleDir;

/** Puts every file of the bundle back as it was (and removes files the test added). */
export function restoreBundle(): void {
  rmSync(bundleDir, { recursive: true, force: true });
  cpSync(pristineDir, bundleDir, { recursive: true });
}

/** Deletes both copies. */
export function removeBundleCopies(): void {
  rmSync(root, { recursive: true, force: true });
}

/** The breakable copy's manifest, parsed. */
export function readManifest(): any {
  return JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8'));
}

/** Writes the breakable copy's manifest. */
export function writeManifest(manifest: unknown): void {
  writeFileSync(join(bundleDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}
