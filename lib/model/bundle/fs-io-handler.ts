import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { concatToArrayBuffer } from './bytes';

/** Reads one bundle-relative file; the loader passes one that serves already-verified bytes. */
export type BundleReader = (relativePath: string) => Uint8Array;

/** Reads bundle files straight from disk. */
export function diskReader(modelDir: string): BundleReader {
  return (relativePath) => readFileSync(join(modelDir, relativePath));
}

/**
 * A `tf.io.IOHandler` that loads a tfjs layers model (`model.json` + weight files) through `fs`, since pure tfjs has
 * no `file://` loader. Weight shards are concatenated in manifest order, as tfjs's own loaders do.
 *
 * @param modelFile - bundle-relative path of `model.json`
 * @param read - how to read bundle files
 */
export function fsModelHandler(modelFile: string, read: BundleReader): io.IOHandler {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const modelJson = JSON.parse(Buffer.from(read(modelFile)).toString('utf8')) as io.ModelJSON;
      if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
        throw new Error(`${modelFile}: not a tfjs layers model (no modelTopology or weightsManifest)`);
      }
      const base = modelFile.includes('/') ? modelFile.slice(0, modelFile.lastIndexOf('/') + 1) : '';
      const weightSpecs: io.WeightsManifestEntry[] = [];
      const shards: Uint8Array[] = [];
      for (const group of modelJson.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const path of group.paths) shards.push(read(base + path));
      }
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        weightSpecs,
        weightData: concatToArrayBuffer(shards),
      };
    },
  };
}
