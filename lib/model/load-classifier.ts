import { createEmbeddingBagClassifier } from './runtimes/embedding-bag/classifier';
import { embeddingBagPlan } from './runtimes/embedding-bag/plan';
import { ModelLoadError } from './errors';
import { fsModelHandler } from './bundle/fs-io-handler';
import { readVerifiedBundle } from './bundle/integrity';
import { vocabularyFromJson, type Vocabulary } from './inputs/ngrams';
import { initTf, tf, type BackendName, type BackendOptions } from './tf/core';
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
  const { manifest, info, files } = bundle;
  const read = (path: string): Uint8Array => {
    const bytes = files.get(path);
    if (!bytes) throw new ModelLoadError(`${path}: not listed in the manifest`);
    return bytes;
  };

  let vocabulary: Vocabulary;
  try {
    vocabulary = vocabularyFromJson(JSON.parse(read(manifest.preprocessing.vocabularyFile).toString()));
  } catch (error) {
    throw asLoadError(error, `${manifest.preprocessing.vocabularyFile}: invalid vocabulary`);
  }

  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await fsModelHandler(manifest.modelFile, read).load!();
  } catch (error) {
    throw asLoadError(error, `${manifest.modelFile}: the model could not be loaded`);
  }
  const plan = embeddingBagPlan(artifacts.modelTopology);
  if (!plan) {
    throw new ModelLoadError(`${manifest.modelFile}: expected inputs ids and weights, an Embedding, a Dot pooling and dense layers`);
  }
  const outputs = plan.outputs;
  if (outputs !== info.labels.length) {
    throw new ModelLoadError(`${manifest.modelFile}: ${outputs} outputs but the manifest lists ${info.labels.length} labels`);
  }
  if (plan.inputDim <= vocabulary.size) {
    throw new ModelLoadError(`${manifest.modelFile}: the embedding has ${plan.inputDim} rows but the vocabulary has ${vocabulary.size} tokens`);
  }

  let classifier: Classifier;
  try {
    await initTf(options.backend ?? 'cpu', options);
    const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs ?? []);
    classifier = createEmbeddingBagClassifier(info, vocabulary, manifest.preprocessing, plan, weights);
  } catch (error) {
    throw asLoadError(error, `${manifest.modelFile}: the model could not be loaded`);
  }
  try {
    classifier.classify(['warm up'], 1);
  } catch (error) {
    classifier.dispose();
    throw asLoadError(error, 'the model failed its warm-up prediction');
  }
  return classifier;
}

function asLoadError(error: unknown, reason: string): ModelLoadError {
  return error instanceof ModelLoadError ? error : new ModelLoadError(reason, { cause: error });
}
