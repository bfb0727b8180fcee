import { createEmbeddingBagClassifier } from './runtimes/embedding-bag/classifier';
import { embeddingBagPlan } from './runtimes/embedding-bag/plan';
import { ModelLoadError } from './errors';
import { fsModelHandler } from './bundle/fs-io-handler';
import { readVerifiedBundle } from './bundle/integrity';
import { readDerivedFile } from './bundle/derived-files';
import { readVocabulary, TABLE_FILE_EXTENSION, type Vocabulary } from './inputs/ngrams';
import { decodeWeightValues } from './bundle/weight-values';
import { initTf, tensor, type BackendName, type BackendOptions, type tf } from './tf/core';
import { markInit } from '../observability/init-marks';
import type { Classifier } from './types';

export { ModelLoadError };

export interface LoadOptions extends BackendOptions {
  /** tfjs backend; `cpu` by default. */
  backend?: BackendName;
}

/**
 * Loads a model bundle and returns a warmed-up {@link Classifier}: verifies every file against the manifest's sha256,
 * reads the tfjs layers model (`model.json` and its weights) through the fs IOHandler from the verified bytes, and
 * runs one prediction before resolving.
 *
 * The layers model is not rebuilt with tfjs-layers: its topology is checked to be an embedding bag, its weights are
 * decoded with tfjs-core, the embedding pooling runs in JavaScript and the dense head through tfjs-core (see
 * `runtimes/embedding-bag/classifier.ts`). That keeps tfjs-layers out of the Lambda bundle and its start-up off the cold start.
 *
 * @param modelDir - the bundle directory (see `resolveModelDir`)
 * @throws ModelLoadError with a client-safe `reason` on any failure
 */
export async function loadClassifier(modelDir: string, options: LoadOptions = {}): Promise<Classifier> {
  const bundle = readVerifiedBundle(modelDir);
  if (!bundle.ok) throw new ModelLoadError(bundle.reason);
  markInit('bundle verified');
  const { manifest, info, files } = bundle;
  const read = (path: string): Uint8Array => {
    const bytes = files.get(path);
    if (!bytes) throw new ModelLoadError(`${path}: not listed in the manifest`);
    return bytes;
  };

  let vocabulary: Vocabulary;
  try {
    // From the table file derived at package time when there is one for this vocab.json (see table-file.ts).
    const { vocabularyFile } = manifest.preprocessing;
    const sha256 = manifest.files.find((file) => file.path === vocabularyFile)!.sha256;
    const loaded = readVocabulary(read(vocabularyFile), sha256, readDerivedFile(modelDir, sha256, TABLE_FILE_EXTENSION));
    vocabulary = loaded.vocabulary;
    markInit(loaded.from === 'table' ? 'vocabulary read from its table file' : 'vocabulary built');
  } catch (error) {
    throw asLoadError(error, `${manifest.preprocessing.vocabularyFile}: invalid vocabulary`);
  }

  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await fsModelHandler(manifest.modelFile, read).load!();
  } catch (error) {
    throw asLoadError(error, `${manifest.modelFile}: the model could not be loaded`);
  }
  markInit('model.json read');
  const plan = embeddingBagPlan(artifacts.modelTopology);
  if (!plan) {
    throw new ModelLoadError(`${manifest.modelFile}: expected inputs ids and weights, an Embedding, a Dot pooling and dense layers`);
  }
  const outputs = plan.head.at(-1)!.units;
  if (outputs !== info.labels.length) {
    throw new ModelLoadError(`${manifest.modelFile}: ${outputs} outputs but the manifest lists ${info.labels.length} labels`);
  }
  if (plan.inputDim <= vocabulary.size) {
    throw new ModelLoadError(`${manifest.modelFile}: the embedding has ${plan.inputDim} rows but the vocabulary has ${vocabulary.size} tokens`);
  }

  let classifier: Classifier;
  try {
    await initTf(options.backend ?? 'cpu', options);
    markInit('tfjs backend ready');
    const weights: tf.NamedTensorMap = {};
    for (const w of decodeWeightValues(artifacts.weightData!, artifacts.weightSpecs ?? [])) weights[w.name] = tensor(w.values, w.shape, w.dtype);
    classifier = createEmbeddingBagClassifier(info, vocabulary, manifest.preprocessing, plan, weights);
    markInit('weights decoded');
  } catch (error) {
    throw asLoadError(error, `${manifest.modelFile}: the model could not be loaded`);
  }
  try {
    classifier.classify(['warm up'], 1);
  } catch (error) {
    classifier.dispose();
    throw asLoadError(error, 'the model failed its warm-up prediction');
  }
  markInit('model warmed up');
  return classifier;
}

function asLoadError(error: unknown, reason: string): ModelLoadError {
  return error instanceof ModelLoadError ? error : new ModelLoadError(reason, { cause: error });
}
