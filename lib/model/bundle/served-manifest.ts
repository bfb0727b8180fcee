import { checkFeaturesInput, type FeaturesInput } from '../inputs/features/spec';
import type { InputKind } from '../inputs/kinds';
import { checkSequenceInput, type SequenceInput } from '../inputs/sequence/spec';
import { OUTPUT_KINDS, type OutputSpec } from '../outputs/output';
import type { InputInfo } from '../types';
import { ManifestError, parseManifest, SAFE_PATH, type BundleFile, type BundleManifest, type ManifestIdentity } from './manifest';
import type { KerasFix } from './keras3/fixes';
import type { TopologyLayout } from './keras-topology';
import type { VocabularyFormat } from '../inputs/sequence/vocabulary';
import { checkSamples } from './samples';
import { checkServing, type ServingRecord } from './serving';

/**
 * The manifest of a bundle made by `npm run import-model` from someone else's layers model: its input is tagged
 * with its kind (`sequence` or `features`), its output says how it becomes probabilities, and it records what the
 * import changed in `model.json`.
 */
export interface ImportedBundleManifest extends ManifestIdentity {
  input: SequenceInput | FeaturesInput;
  output: OutputSpec;
  import: {
    /** `generatedBy` / `convertedBy` of the original model.json. */
    source: { generatedBy?: string; convertedBy?: string };
    /** The model.json's format; absent in older bundles, which are all layers models. */
    format?: 'layers-model' | 'graph-model';
    /** The layout model.json came in (`bundle/keras-topology.ts`); the bundle stores it as `model-save`. Absent in older bundles. */
    layout?: TopologyLayout;
    /** Keras 3 forms rewritten into what tfjs-layers 4.22 reads (see `bundle/keras3/`). */
    kerasFixes: KerasFix[];
    /** A sequence model's vocabulary: the form it came in, and what was odd in it but kept (`inputs/sequence/vocabulary.ts`). */
    vocabulary?: { format: VocabularyFormat; warnings: string[] };
  };
  /** The tfjs backend it is served on and why (`bundle/serving.ts`); absent in older bundles, which mean cpu. */
  serving?: ServingRecord;
}

/** Any bundle the service serves: the trainer's (n-grams, no `input` tag, kept as it was) or an imported one. */
export type ServedManifest = BundleManifest | ImportedBundleManifest;

/** The input kind of a bundle; trainer manifests predate the tag and are `ngrams`. */
export function inputKindOf(manifest: ServedManifest): InputKind {
  return 'input' in manifest && manifest.input ? manifest.input.kind : 'ngrams';
}

/** The output spec of a bundle; trainer models end in softmax. */
export function outputOf(manifest: ServedManifest): OutputSpec {
  return 'output' in manifest && manifest.output ? manifest.output : { kind: 'softmax' };
}

/** What `/health` and the routes say about the input. */
export function inputInfoOf(manifest: ServedManifest): InputInfo {
  const kind = inputKindOf(manifest);
  return kind === 'features' ? { kind, features: [...(manifest as ImportedBundleManifest & { input: FeaturesInput }).input.names] } : { kind };
}

/**
 * Checks parsed JSON as any servable manifest: with an `input.kind` of `sequence` or `features`, an imported bundle;
 * else the trainer's format, unchanged.
 *
 * @throws ManifestError naming the first field that is missing or wrong
 */
export function parseServedManifest(json: unknown): ServedManifest {
  const kind = (json as { input?: { kind?: unknown } } | null)?.input?.kind;
  if (kind === undefined || kind === 'ngrams') return parseManifest(json);
  const fail = (message: string): never => {
    throw new ManifestError(`manifest.json: ${message}`);
  };
  const m = json as Record<string, unknown>;
  if (m.formatVersion !== 1) fail('formatVersion must be 1');
  for (const key of ['name', 'version', 'modelFile'] as const) if (typeof m[key] !== 'string' || m[key] === '') fail(`${key} must be a non-empty string`);
  const labels = m.labels;
  if (!Array.isArray(labels) || labels.length < 2 || !Array.from(labels).every((l) => typeof l === 'string' && l !== '')) fail('labels must list at least 2 labels');
  if (new Set(labels as string[]).size !== (labels as string[]).length) fail('labels must be unique');
  if (!Array.isArray(m.files)) fail('files must be an array');
  const paths = Array.from(m.files as unknown[]).map((f, i) => {
    const file = f as Partial<BundleFile> | null;
    if (typeof file?.path !== 'string' || !SAFE_PATH.test(file.path) || file.path.split('/').includes('..')) fail(`files[${i}].path must be a plain relative path`);
    if (!Number.isInteger(file!.bytes) || file!.bytes! < 0) fail(`files[${i}].bytes must be a byte count`);
    if (typeof file!.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file!.sha256)) fail(`files[${i}].sha256 must be 64 hex digits`);
    return file!.path!;
  });
  if (!paths.includes(m.modelFile as string)) fail(`files must list ${String(m.modelFile)}`);
  const input = m.input as Record<string, unknown>;
  if (kind === 'sequence') {
    const sequence = checkSequenceInput(input, fail);
    if (!paths.includes(sequence.vocabularyFile)) fail(`files must list ${sequence.vocabularyFile}`);
  } else if (kind === 'features') {
    checkFeaturesInput(input, fail);
  } else {
    fail(`input.kind ${JSON.stringify(kind)} is unknown (ngrams, sequence or features)`);
  }
  const output = m.output as Partial<OutputSpec> | undefined;
  if (!(OUTPUT_KINDS as readonly unknown[]).includes(output?.kind)) fail(`output.kind must be one of ${OUTPUT_KINDS.join(', ')}`);
  if (m.serving !== undefined) checkServing(m.serving, fail);
  if (kind === 'features' && m.samples !== undefined) fail('samples are texts, and a features bundle takes no text');
  checkSamples(m.samples, labels as string[], fail);
  return json as ImportedBundleManifest;
}

/**
 * The manifest as the trainer's format, for code that only handles trainer bundles (evaluation, tests).
 *
 * @throws ManifestError when the bundle was imported (it has no training record or n-gram preprocessing)
 */
export function trainerManifest(manifest: ServedManifest): BundleManifest {
  if (inputKindOf(manifest) !== 'ngrams') throw new ManifestError(`manifest.json: a ${inputKindOf(manifest)} bundle, not one made by the trainer`);
  return manifest as BundleManifest;
}
