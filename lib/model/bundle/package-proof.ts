import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { BundleFile } from './manifest';
import { DERIVED_DIR, derivedFilePath } from './derived-files';

/** Extension of the proof file, named by the sha256 of the manifest it vouches for (see {@link provenManifestSha256}). */
export const PROOF_EXTENSION = '.verified';

/**
 * The manifest's sha256 as packaging recorded it, when the bundle's file hashes may be taken as checked: the process
 * runs in Lambda (`LAMBDA_TASK_ROOT`), the bundle lies inside the function's package, and packaging verified a
 * manifest with exactly these bytes (it writes `model-cache/<manifest sha256>.verified` holding the manifest's text,
 * see `scripts/derive-model-files.ts`). A package is read-only and immutable once deployed, so hashing its 5 MB again
 * at every cold start proves nothing new; sizes are still checked. The manifest's own sha256 comes from the proof
 * too, after a byte-for-byte comparison, so a cold start in Lambda never loads `node:crypto` (4-6 ms). Anywhere else
 * (tests, `offline`, `invoke local`, a MODEL_DIR outside the package) every file is hashed.
 *
 * @param manifestBytes - the manifest.json bytes read
 * @returns the manifest's sha256 (lowercase hex), or `undefined` when there is no proof for these bytes here
 * @example
 * provenManifestSha256('/var/task/model', bytes, { LAMBDA_TASK_ROOT: '/var/task' }); // 'ab12...' once packaged
 */
export function provenManifestSha256(modelDir: string, manifestBytes: Uint8Array, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const root = env.LAMBDA_TASK_ROOT;
  if (!root) return undefined;
  const inside = relative(resolve(root), resolve(modelDir));
  if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
  const cache = join(dirname(modelDir), DERIVED_DIR);
  let names: string[];
  try {
    names = readdirSync(cache).filter((name) => name.endsWith(PROOF_EXTENSION));
  } catch {
    return undefined;
  }
  const text = Buffer.from(manifestBytes.buffer, manifestBytes.byteOffset, manifestBytes.byteLength).toString('utf8');
  for (const name of names) {
    try {
      const proof = JSON.parse(readFileSync(join(cache, name), 'utf8')) as { manifestSha256?: unknown; manifest?: unknown };
      if (proof.manifest === text && typeof proof.manifestSha256 === 'string' && name === `${proof.manifestSha256}${PROOF_EXTENSION}`) {
        return proof.manifestSha256;
      }
    } catch {
      // An unreadable proof proves nothing: the files are hashed.
    }
  }
  return undefined;
}

/**
 * Records that every file of the manifest with these bytes and sha256 was read and matched its size and sha256 (call only
 * after verifying them), and removes the proofs of other manifests.
 *
 * @returns the proof file's path
 */
export function writePackageProof(modelDir: string, manifestSha256: string, manifestBytes: Uint8Array, files: readonly BundleFile[]): string {
  const target = derivedFilePath(modelDir, manifestSha256, PROOF_EXTENSION);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify({ manifestSha256, manifest: Buffer.from(manifestBytes).toString('utf8'), verifiedFiles: files, verifiedBy: 'scripts/derive-model-files.ts' }, null, 2) + '\n');
  renameSync(partial, target);
  for (const name of readdirSync(dirname(target))) {
    if (name.endsWith(PROOF_EXTENSION) && name !== basename(target)) rmSync(resolve(dirname(target), name), { force: true });
  }
  return target;
}
