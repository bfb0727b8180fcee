import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BundleFiles } from './bundle-files';
import { MANIFEST_FILE } from './manifest';
import { exampleTexts } from './samples';
import { inputInfoOf, outputOf, parseServedManifest, type ServedManifest } from './served-manifest';
import { expectedUnits } from '../outputs/output';
import { modelJsonMismatch } from './model-json';
import { provenManifestSha256 } from './package-proof';
import type { ModelInfo } from '../types';

/** The outcome of checking a bundle's files; `reason` is safe to show to an API client. */
export type BundleCheck = { ok: true; manifest: ServedManifest; info: ModelInfo } | { ok: false; reason: string };

/** A verified bundle together with its files (so loading reads each file at most once). */
export type VerifiedBundle =
  | {
      ok: true;
      manifest: ServedManifest;
      info: ModelInfo;
      /** Every listed file: read and hashed already, or (in a proven package) read when asked for. */
      files: BundleFiles;
      /** The manifest.json bytes that were read and checked. */
      manifestBytes: Buffer;
      /** Whether packaging's proof stood for the hashes (see `provenManifestSha256`): its derived files can be trusted too. */
      proven: boolean;
    }
  | { ok: false; reason: string };

/** sha256 of bytes, lowercase hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads a bundle's manifest and checks every file it lists exists with the listed size and sha256, and that
 * `model.json` fits the weights and the labels. Does not load tfjs, so `/health` can call it cheaply. In a deployed
 * package that packaging verified, the hashes are not computed again (see `provenManifestSha256`).
 *
 * @param modelDir - the bundle directory
 * @returns the manifest and model info, or a client-safe reason (bundle-relative names only, never absolute paths)
 */
export function verifyBundle(modelDir: string): BundleCheck {
  const checked = readVerifiedBundle(modelDir);
  return checked.ok ? { ok: true, manifest: checked.manifest, info: checked.info } : checked;
}

/**
 * Like {@link verifyBundle}, and also returns the bundle's files, so a loader uses exactly the bytes that were checked
 * (or, in a proven package, reads only what it needs).
 */
export function readVerifiedBundle(modelDir: string): VerifiedBundle {
  let manifestBytes: Buffer;
  try {
    manifestBytes = readFileSync(join(modelDir, MANIFEST_FILE));
  } catch {
    return { ok: false, reason: `${MANIFEST_FILE}: missing or unreadable` };
  }
  let manifest: ServedManifest;
  try {
    manifest = parseServedManifest(JSON.parse(manifestBytes.toString('utf8')));
  } catch (error) {
    const detail = error instanceof SyntaxError ? `${MANIFEST_FILE}: not valid JSON` : (error as Error).message;
    return { ok: false, reason: detail };
  }
  const provenSha256 = provenManifestSha256(modelDir, manifestBytes);
  const hashesProven = provenSha256 !== undefined;
  const manifestSha256 = provenSha256 ?? sha256Hex(manifestBytes);
  // In a proven package a file's size is all there is to check, so nothing is read here (see BundleFiles).
  const read = new Map<string, Buffer>();
  const sizes = new Map<string, number>();
  for (const file of manifest.files) {
    let size: number;
    try {
      if (hashesProven) {
        size = statSync(join(modelDir, file.path)).size;
      } else {
        const bytes = readFileSync(join(modelDir, file.path));
        read.set(file.path, bytes);
        size = bytes.length;
      }
    } catch {
      return { ok: false, reason: `${file.path}: missing or unreadable` };
    }
    if (size !== file.bytes) {
      return { ok: false, reason: `${file.path}: size ${size} bytes does not match the manifest (${file.bytes})` };
    }
    if (!hashesProven && sha256Hex(read.get(file.path)!) !== file.sha256) return { ok: false, reason: `${file.path}: sha256 does not match the manifest` };
    sizes.set(file.path, size);
  }
  const files = hashesProven ? BundleFiles.onDisk(modelDir, sizes) : BundleFiles.inMemory(read);
  // The pins only prove the files are the ones the manifest names; this proves they make a model for its labels.
  let mismatch: string | undefined;
  try {
    mismatch = modelJsonMismatch(manifest.modelFile, files, manifest.labels.length, expectedUnits(outputOf(manifest).kind, manifest.labels.length));
  } catch {
    mismatch = `${manifest.modelFile}: missing or unreadable`;
  }
  if (mismatch) return { ok: false, reason: mismatch };
  const info: ModelInfo = {
    name: manifest.name,
    version: manifest.version,
    labels: [...manifest.labels],
    sha256: manifestSha256,
    input: inputInfoOf(manifest),
  };
  if ('abstain' in manifest && manifest.abstain) {
    const { method, threshold, label } = manifest.abstain;
    info.abstain = { method, threshold, label };
  }
  const examples = manifest.samples ? exampleTexts(manifest.samples) : [];
  if (examples.length > 0) info.examples = examples;
  return { ok: true, manifest, info, files, manifestBytes, proven: hashesProven };
}
