import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { BundleFile } from './manifest';
import { derivedFilePath } from './derived-files';

/** Extension of the proof file, named by the sha256 of the manifest it vouches for (see {@link packageProven}). */
export const PROOF_EXTENSION = '.verified';

/**
 * Whether the bundle's file hashes may be taken as checked: the process runs in Lambda (`LAMBDA_TASK_ROOT`), the
 * bundle lies inside the function's package, and packaging verified this very manifest's files (it writes
 * `model-cache/<manifest sha256>.verified`, see `scripts/derive-model-files.ts`). A package is read-only and
 * immutable once deployed, so hashing its 5 MB again at every cold start (~15 ms) proves nothing new; sizes are still
 * checked. Anywhere else (tests, `offline`, `invoke local`, a MODEL_DIR outside the package) every file is hashed.
 *
 * @param manifestSha256 - sha256 of the manifest.json bytes read
 * @example
 * packageProven('/var/task/model', sha, { LAMBDA_TASK_ROOT: '/var/task' }); // true once packaging wrote the proof
 */
export function packageProven(modelDir: string, manifestSha256: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const root = env.LAMBDA_TASK_ROOT;
  if (!root) return false;
  const inside = relative(resolve(root), resolve(modelDir));
  if (inside.startsWith('..') || isAbsolute(inside)) return false;
  return existsSync(derivedFilePath(modelDir, manifestSha256, PROOF_EXTENSION));
}

/**
 * Records that every file of the manifest with this sha256 was read and matched its size and sha256 (call only
 * after verifying them), and removes the proofs of other manifests.
 *
 * @returns the proof file's path
 */
export function writePackageProof(modelDir: string, manifestSha256: string, files: readonly BundleFile[]): string {
  const target = derivedFilePath(modelDir, manifestSha256, PROOF_EXTENSION);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify({ manifestSha256, verifiedFiles: files, verifiedBy: 'scripts/derive-model-files.ts' }, null, 2) + '\n');
  renameSync(partial, target);
  for (const name of readdirSync(dirname(target))) {
    if (name.endsWith(PROOF_EXTENSION) && name !== basename(target)) rmSync(resolve(dirname(target), name), { force: true });
  }
  return target;
}
