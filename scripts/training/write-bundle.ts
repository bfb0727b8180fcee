import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sha256Hex } from '../../lib/model/bundle/integrity';
import { MANIFEST_FILE, parseManifest, type BundleFile, type BundleManifest } from '../../lib/model/bundle/manifest';
import type { VocabularyFile } from '../../lib/model/inputs/ngrams';
import { tf, tfl } from '../../lib/model/tf/index';
import { quantizeWeights, type Quantization } from './quantize';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const VOCABULARY_FILE = 'vocab.json';

/** Everything in the manifest except what writing the files determines. */
export type ManifestDraft = Omit<BundleManifest, 'files' | 'modelFile'>;

/** Serialises a layers model's topology and float32 weights (tfjs's own save path, captured in memory). */
export async function captureModel(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

/**
 * Writes a complete bundle (model.json, weights.bin, vocab.json, manifest.json) into a temporary sibling directory,
 * then swaps it into `outDir`, so a failed run never leaves a half-written bundle behind.
 *
 * @returns the manifest written
 */
export function writeBundle(
  outDir: string,
  artifacts: tf.io.ModelArtifacts,
  vocabulary: VocabularyFile,
  draft: ManifestDraft,
  quantization: Quantization,
  /** With `uint8`: the bits of each byte the codes use. */
  quantizeBits = 8,
): BundleManifest {
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const weightData = artifacts.weightData;
  if (!(weightData instanceof ArrayBuffer) || !artifacts.weightSpecs) throw new Error('model has no weights to write');
  const quantized = quantizeWeights(artifacts.weightSpecs, weightData, quantization, quantizeBits);
  const modelJson = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: 'atlas-classifier trainer',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: quantized.specs }],
  };
  const contents: [string, Uint8Array][] = [
    [MODEL_FILE, Buffer.from(JSON.stringify(modelJson))],
    [WEIGHTS_FILE, quantized.data],
    [VOCABULARY_FILE, Buffer.from(JSON.stringify(vocabulary))],
  ];
  const files: BundleFile[] = contents.map(([path, bytes]) => ({
    path,
    bytes: bytes.byteLength,
    sha256: sha256Hex(bytes),
  }));
  const manifest = parseManifest({ ...draft, modelFile: MODEL_FILE, files });

  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    // mkdtemp creates 0700; a bundle is read by other users (e.g. the Lambda runtime user).
    chmodSync(staging, 0o755);
    for (const [path, bytes] of contents) writeFileSync(join(staging, path), bytes);
    writeFileSync(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    replaceDirectory(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}

/** Moves `staging` to `target`, replacing any previous bundle only once the new one is complete. */
function replaceDirectory(staging: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(staging, target);
    return;
  }
  const old = `${staging}-old`;
  renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
