import { ComposedClassifier } from './classifier';
import { ModelLoadError } from './errors';
import { readBundleModel, type BundleModel } from './bundle/fs-io-handler';
import { readVerifiedBundle } from './bundle/integrity';
import type { BundleManifest } from './bundle/manifest';
import { inputKindOf, outputOf, type ServedManifest } from './bundle/served-manifest';
import { embeddingRows } from './bundle/topology';
import { preparerFor } from './inputs/for-manifest';
import type { InputPreparer } from './inputs/preparer';
import { expectedUnits } from './outputs/output';
import { chooseRuntime, type ModelRunner, type Runtime } from './runtimes';
import type { TfOptions } from './runtimes/runtime';
import type { Classifier, ClassifierInput, InputInfo } from './types';
import { markInit } from '../observability/init-marks';

export { ModelLoadError };

export interface LoadOptions extends TfOptions {
  /** Runtimes to choose from, in order (default `RUNTIMES`: the embedding-bag fast path, then generic layers). */
  runtimes?: readonly Runtime[];
  /**
   * Run one prediction on {@link warmUpInput} before resolving, so a model that cannot predict fails to load
   * (default true). Serving passes false and has the first request's own prediction prove it instead
   * (`lib/serving/first-prediction-check.ts`), so a cold start runs the model once before its first answer.
   *
   * @default true
   */
  warmUp?: boolean;
}

/**
 * Loads a model bundle and returns a warmed-up {@link Classifier}: verifies every file against the manifest's sha256,
 * builds the input kind's preparer (`inputs/<kind>/`), reads the layers model's `model.json` from the verified files
 * (its weights are read when and as far as the runtime needs them), lets the first runtime that claims the bundle load it (`runtimes/index.ts`), and runs one
 * prediction before resolving (unless `warmUp: false`).
 *
 * The trainer's models take the embedding-bag fast path, which never loads tfjs-layers (it is imported on demand by
 * the generic runtime only), so their cold start does not pay for it.
 *
 * @param modelDir - the bundle directory (see `resolveModelDir`)
 * @throws ModelLoadError with a client-safe `reason` on any failure
 * @example
 * const classifier = await loadClassifier('model');
 * classifier.classify(['my card has not arrived'], 3)[0].label;
 */
export async function loadClassifier(modelDir: string, options: LoadOptions = {}): Promise<Classifier> {
  const bundle = readVerifiedBundle(modelDir);
  if (!bundle.ok) throw new ModelLoadError(bundle.reason);
  const { manifest, info, files } = bundle;
  markInit('bundle verified');
  const read = (path: string): Uint8Array => {
    const bytes = files.get(path);
    if (!bytes) throw new ModelLoadError(`${path}: not listed in the manifest`);
    return bytes;
  };

  let preparer: InputPreparer;
  try {
    const prepared = preparerFor(manifest, read, modelDir, { trustDerived: bundle.proven });
    preparer = prepared.preparer;
    if (prepared.vocabularyFrom) {
      markInit(prepared.vocabularyFrom === 'table' ? 'vocabulary read from its table file' : 'vocabulary built');
    }
  } catch (error) {
    throw asLoadError(error, `${vocabularyFileOf(manifest) ?? 'manifest.json'}: invalid vocabulary`);
  }

  let model: BundleModel;
  try {
    model = readBundleModel(manifest.modelFile, files);
  } catch (error) {
    throw asLoadError(error, `${manifest.modelFile}: the model could not be loaded`);
  }
  markInit('model.json read');
  if (inputKindOf(manifest) === 'ngrams') {
    const rows = embeddingRows(model.artifacts.modelTopology);
    const { vocabularySize } = (manifest as BundleManifest).preprocessing;
    if (rows !== undefined && rows <= vocabularySize) {
      throw new ModelLoadError(`${manifest.modelFile}: the embedding has ${rows} rows but the vocabulary has ${vocabularySize} tokens`);
    }
  }

  const output = outputOf(manifest).kind;
  let runner: ModelRunner;
  try {
    runner = await chooseRuntime({ manifest, ...model }, options.runtimes).load(options);
    markInit('model built (weights decoded; tfjs loaded only for the layers runtime)');
  } catch (error) {
    throw asLoadError(error, `${manifest.modelFile}: the model could not be loaded`);
  }
  const units = expectedUnits(output, info.labels.length);
  if (runner.outputs !== units) {
    runner.dispose();
    throw new ModelLoadError(`${manifest.modelFile}: ${runner.outputs} outputs but the manifest lists ${info.labels.length} labels`);
  }
  const classifier = new ComposedClassifier(info, preparer, runner, output);
  if (options.warmUp === false) return classifier;
  try {
    classifier.classify([warmUpInput(preparer.info)], 1);
  } catch (error) {
    classifier.dispose();
    throw asLoadError(error, 'the model failed its warm-up prediction');
  }
  markInit('model warmed up');
  return classifier;
}

/** The input a model's load check predicts: zeros for a features model, a short text otherwise. */
export function warmUpInput(input: InputInfo | undefined): ClassifierInput {
  return input?.kind === 'features' ? (input.features ?? []).map(() => 0) : 'warm up';
}

function vocabularyFileOf(manifest: ServedManifest): string | undefined {
  if ('preprocessing' in manifest) return manifest.preprocessing.vocabularyFile;
  return manifest.input.kind === 'sequence' ? manifest.input.vocabularyFile : undefined;
}

function asLoadError(error: unknown, reason: string): ModelLoadError {
  return error instanceof ModelLoadError ? error : new ModelLoadError(reason, { cause: error });
}
