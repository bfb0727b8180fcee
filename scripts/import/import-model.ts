import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { sha256Hex } from '../../lib/model/bundle/integrity';
import { MANIFEST_FILE, SAFE_PATH, type BundleFile } from '../../lib/model/bundle/manifest';
import type { ImportedBundleManifest } from '../../lib/model/bundle/served-manifest';
import type { ServingRecord } from '../../lib/model/bundle/serving';
import type { SequenceInput } from '../../lib/model/inputs/sequence/spec';
import type { OutputKind } from '../../lib/model/outputs/output';
import { loadClassifier, ModelLoadError } from '../../lib/model/load-classifier';
import { chooseRuntime } from '../../lib/model/runtimes';
import { tf } from '../../lib/model/tf/index';
import type { Prediction } from '../../lib/model/types';
import { checkOutDir } from '../support/out-dir';
import { UsageError } from '../training/errors';
import { checkBackendRequest, chooseServing, type BackendRequest } from './backend-choice';
import { readInputSpec, readLabels, readSamples, type InputDraft } from './input-spec';
import { readModelSource, type ModelSource } from './model-source';

export interface ImportOptions {
  /** Directory holding `model.json` and its weight shards (tensorflowjs_converter's output). */
  model: string;
  out: string;
  /** `a,b,c` or a JSON file with an array of labels. */
  labels: string;
  /** The input spec file. */
  input: string;
  name?: string;
  modelVersion?: string;
  /** The tfjs backend to serve it on: `auto` (default) measures cpu and wasm and keeps the faster. */
  backend?: BackendRequest;
  /** A JSON file of held-out `{text, label}` rows for the deployment's smoke test (text models; optional). */
  samples?: string;
  /** What the last layer or op computes, where the model does not say (a graph's output from an unknown op). */
  output?: OutputKind;
}

/** What the import wrote, for the summary it prints. */
export interface ImportSummary {
  out: string;
  manifest: ImportedBundleManifest;
  /** Layers, or a graph's nodes. */
  parts: ModelSource['parts'];
  weightBytes: number;
  runtime: string;
  sample: { input: unknown; prediction: Prediction };
  /** The backend chosen and the figures behind it (also in the manifest). */
  serving: ServingRecord;
}

const VOCABULARY_FILE = 'vocabulary.json';

/**
 * Turns a converter's output into a servable bundle: copies the model, applies the Keras 3 fixes, writes the input's
 * vocabulary and a manifest pinning every file by sha256, then loads the result with the service's own loader and
 * classifies one sample, and measures the bundle on the cpu and wasm backends to record the one to serve it on
 * (`backend-choice.ts`). Everything is written to a temporary directory beside `--out` and renamed into place only
 * when all of that succeeded, so a refusal leaves nothing behind.
 *
 * @throws UsageError saying what is wrong (labels vs outputs, spec vs input, vocabulary vs embedding, a missing
 *   shard, a layer class tfjs cannot build, a bundle that does not load)
 * @example
 * await importModel({ model: 'converted', out: 'model', labels: 'negative,positive', input: 'spec.json' });
 */
export async function importModel(options: ImportOptions): Promise<ImportSummary> {
  const modelDir = resolve(options.model);
  const out = resolve(options.out);
  const backend = checkBackendRequest(options.backend);
  checkOutDir(options.out);

  const source = readModelSource(modelDir, options.output);
  const { modelJson, where } = source;
  const shards = checkShards(modelDir, modelJson);
  await source.check?.(modelDir);
  const labels = readLabels(options.labels);
  const output = source.outputKind(labels.length);
  if (typeof output !== 'string') throw new UsageError(`${where}: ${output.refused}`);
  const draft = readInputSpec(options.input);
  const samples = options.samples === undefined ? undefined : readSamples(options.samples, labels, draft.kind);
  const input = fitInput(draft, source);
  const vocabulary =
    draft.kind === 'sequence' ? { format: draft.vocabulary.format, warnings: draft.vocabulary.warnings } : undefined;

  const temp = join(dirname(out), `.${basename(out)}.import-${process.pid}-${Date.now()}`);
  mkdirSync(temp, { recursive: true });
  try {
    const files: BundleFile[] = [];
    const write = (path: string, bytes: Buffer) => {
      mkdirSync(dirname(join(temp, path)), { recursive: true });
      writeFileSync(join(temp, path), bytes);
      files.push({ path, bytes: bytes.length, sha256: sha256Hex(bytes) });
    };
    write('model.json', Buffer.from(JSON.stringify(modelJson)));
    for (const shard of shards) write(shard, readFileSync(join(modelDir, shard)));
    if (input.vocabulary) write(VOCABULARY_FILE, Buffer.from(JSON.stringify(input.vocabulary)));

    const manifest: ImportedBundleManifest = {
      formatVersion: 1,
      name: options.name ?? defaultName(modelDir),
      version: options.modelVersion ?? '1.0.0',
      createdAt: new Date().toISOString(),
      labels,
      modelFile: 'model.json',
      input: input.spec,
      output: { kind: output },
      files,
      import: {
        source: { generatedBy: modelJson.generatedBy, convertedBy: modelJson.convertedBy ?? undefined },
        format: source.format,
        ...(source.layout && { layout: source.layout }),
        kerasFixes: source.kerasFixes,
        ...(vocabulary && { vocabulary }),
      },
      tfjsVersion: tf.version_core,
      ...(samples && { samples }),
    };
    writeFileSync(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

    const sample =
      input.spec.kind === 'features'
        ? Object.fromEntries(input.spec.names.map((n) => [n, 0]))
        : 'this is a sample text';
    const prediction = await predictOnce(temp, sample);
    manifest.serving = await chooseServing(temp, backend, sample);
    writeFileSync(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    if (existsSync(out)) rmSync(out, { recursive: true });
    renameSync(temp, out);
    return {
      out,
      manifest,
      parts: source.parts,
      weightBytes: shards.reduce((n, s) => n + files.find((f) => f.path === s)!.bytes, 0),
      // Asked as loadClassifier asks (an LSTM of the family the plain-JS runtime knows is served without tfjs).
      runtime: chooseRuntime({
        manifest,
        artifacts: {
          modelTopology: modelJson.modelTopology,
          format: modelJson.format,
          weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
        },
      }).runtime,
      sample: { input: sample, prediction },
      serving: manifest.serving,
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function checkShards(modelDir: string, modelJson: io.ModelJSON): string[] {
  const shards = modelJson.weightsManifest.flatMap((group) => group.paths);
  for (const shard of shards) {
    if (!SAFE_PATH.test(shard) || shard.split('/').includes('..'))
      throw new UsageError(`model.json: weight file ${shard} is not a plain relative path`);
    if (!existsSync(join(modelDir, shard)))
      throw new UsageError(`model.json: weight shard ${shard} is missing from ${modelDir}`);
  }
  return shards;
}

/** Checks the spec against the model's one input, and fixes what the model decides (maxLen, maxId). */
function fitInput(
  draft: InputDraft,
  source: ModelSource,
): { spec: ImportedBundleManifest['input']; vocabulary?: Record<string, number> } {
  const { where, inputShapes: shapes, embeddingRows: rows } = source;
  if (shapes.length !== 1)
    throw new UsageError(
      `${where}: the model has ${shapes.length} inputs; an imported model takes one (text ids or features)`,
    );
  const shape = shapes[0]!;
  if (draft.kind === 'features') {
    if (shape.length !== 2 || shape[1] !== draft.names.length) {
      throw new UsageError(
        `input spec: names lists ${draft.names.length} features but the model's input has shape [${shape.map(String).join(', ')}]`,
      );
    }
    return { spec: draft };
  }
  if (shape.length !== 2)
    throw new UsageError(
      `input spec: a sequence model takes [batch, length] ids, but the model's input has shape [${shape.map(String).join(', ')}]`,
    );
  const fixedLength = shape[1];
  const maxLen = draft.maxLen ?? fixedLength ?? undefined;
  if (maxLen === undefined)
    throw new UsageError('input spec: maxLen is needed (the model does not fix its sequence length)');
  if (fixedLength !== null && fixedLength !== undefined && fixedLength !== maxLen) {
    throw new UsageError(`input spec: maxLen is ${maxLen} but the model takes sequences of exactly ${fixedLength} ids`);
  }
  if (rows === undefined)
    throw new UsageError(
      `${where}: a sequence model needs an Embedding layer (a lookup in a table, in a graph) to look its word ids up in`,
    );
  const spec: SequenceInput = { ...draft.input, maxLen, maxId: rows };
  const wordIndex = draft.vocabulary.wordIndex;
  const limit = spec.numWords ?? Infinity;
  const outside = Object.entries(wordIndex).filter(([, id]) => id < limit && id >= rows);
  if (outside.length > 0) {
    const [word, id] = outside.sort((a, b) => b[1] - a[1])[0]!;
    throw new UsageError(
      `vocabulary: ${outside.length} word(s) have ids outside the Embedding's ${rows} rows (ids 0-${rows - 1}), e.g. ${JSON.stringify(word)} = ${id}; ` +
        `set numWords to at most ${rows} or use the vocabulary the model was trained with`,
    );
  }
  if (spec.oovToken !== null) {
    const oov = wordIndex[spec.oovToken];
    if (oov === undefined)
      throw new UsageError(`input spec: oovToken ${JSON.stringify(spec.oovToken)} is not in the vocabulary`);
    if (oov >= rows)
      throw new UsageError(
        `vocabulary: oovToken ${JSON.stringify(spec.oovToken)} has id ${oov}, outside the Embedding's ${rows} rows`,
      );
  }
  // Words whose ids the model never sees as themselves (at or above numWords: Keras gives them the OOV id, or drops
  // them, as it does unknown words; the preparer does the same) are left out of the bundle, whose vocabulary is read
  // at every cold start: a real tokenizer keeps every word it saw (33,785 for a model that reads 10,000 ids).
  const idLimit = Math.min(limit, rows);
  const served = Object.fromEntries(
    Object.entries(wordIndex).filter(([word, id]) => id < idLimit || word === spec.oovToken),
  );
  return { spec, vocabulary: served };
}

async function predictOnce(bundleDir: string, sample: string | Record<string, number>): Promise<Prediction> {
  let classifier;
  try {
    classifier = await loadClassifier(bundleDir);
  } catch (error) {
    const reason = error instanceof ModelLoadError ? error.reason : (error as Error).message;
    const cause =
      error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message.split('\n')[0]})` : '';
    throw new UsageError(`the imported bundle does not load: ${reason}${cause}`);
  }
  try {
    return classifier.classify([sample], classifier.info.labels.length)[0]!;
  } finally {
    classifier.dispose();
  }
}

/** The model directory's name, or its parent's when it is just called `model`. */
function defaultName(modelDir: string): string {
  const name = basename(modelDir);
  return name === 'model' ? basename(dirname(modelDir)) : name;
}
