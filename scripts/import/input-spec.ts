import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkFeaturesInput, type FeaturesInput } from '../../lib/model/inputs/features/spec';
import {
  readVocabularySource,
  VOCABULARY_FORMATS,
  type VocabularyFormat,
  type VocabularySource,
} from '../../lib/model/inputs/sequence/vocabulary';
import {
  checkSequenceInput,
  TEXT_VECTORIZATION_SETTINGS,
  TOKENIZER_DEFAULTS,
  type SequenceInput,
} from '../../lib/model/inputs/sequence/spec';
import { checkSamples, type ManifestSample } from '../../lib/model/bundle/samples';
import { UsageError } from '../training/errors';

/** A sequence input read from a spec, before the model fixes `maxId` (and maybe `maxLen`). */
export interface SequenceDraft {
  kind: 'sequence';
  /** The manifest's input but for what the model decides. */
  input: Omit<SequenceInput, 'maxId' | 'maxLen'>;
  /** From the spec; when absent, the model's fixed sequence length. */
  maxLen: number | undefined;
  vocabulary: VocabularySource;
}

export type InputDraft = SequenceDraft | FeaturesInput;

const SEQUENCE_FIELDS = [
  'kind',
  'vocabulary',
  'vocabularyFormat',
  'lower',
  'filters',
  'split',
  'oovToken',
  'numWords',
  'maxLen',
  'padding',
  'truncating',
  'replace',
  'stopwords',
];
const FEATURES_FIELDS = ['kind', 'names', 'mean', 'scale'];

/**
 * Reads an input spec file (paths in it relative to itself):
 * `{"kind": "sequence", "vocabulary": "word_index.json", ...}` or `{"kind": "features", "names": [...], ...}`.
 * The vocabulary may be any of `VOCABULARY_FORMATS`, told from its content or forced by `"vocabularyFormat"`.
 * A `tokenizer.to_json()` vocabulary's settings fill in what the spec leaves out; Keras's defaults fill in the rest.
 *
 * @throws UsageError naming the file and what is wrong with it
 */
export function readInputSpec(path: string): InputDraft {
  const spec = readJson(path, 'input spec') as Record<string, unknown>;
  const fail = (message: string): never => {
    throw new UsageError(`input spec ${path}: ${message.replace(/^input\./, '')}`);
  };
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) fail('must be a JSON object');
  const known =
    spec.kind === 'sequence'
      ? SEQUENCE_FIELDS
      : spec.kind === 'features'
        ? FEATURES_FIELDS
        : fail('kind must be "sequence" or "features"');
  for (const key of Object.keys(spec))
    if (!known.includes(key))
      fail(`unknown field ${JSON.stringify(key)} (a ${String(spec.kind)} spec has ${known.join(', ')})`);
  if (spec.kind === 'features') return checkFeaturesInput(spec, fail);

  if (typeof spec.vocabulary !== 'string') fail('vocabulary must name a file (relative to the spec)');
  const format = spec.vocabularyFormat as VocabularyFormat | undefined;
  if (format !== undefined && !VOCABULARY_FORMATS.includes(format))
    fail(`vocabularyFormat must be one of ${VOCABULARY_FORMATS.join(', ')}`);
  const vocabularyPath = resolve(dirname(path), spec.vocabulary as string);
  let vocabulary: VocabularySource;
  try {
    vocabulary = readVocabularySource(readText(vocabularyPath, 'vocabulary'), format);
  } catch (error) {
    throw error instanceof UsageError
      ? error
      : new UsageError(`vocabulary ${vocabularyPath}: ${(error as Error).message}`);
  }
  const defaults =
    vocabulary.style === 'text-vectorization'
      ? { ...TOKENIZER_DEFAULTS, numWords: null, ...TEXT_VECTORIZATION_SETTINGS }
      : TOKENIZER_DEFAULTS;
  const given = Object.fromEntries(
    Object.entries(spec).filter(([key]) => !['kind', 'vocabulary', 'vocabularyFormat'].includes(key)),
  );
  const merged: Record<string, unknown> = {
    kind: 'sequence',
    vocabularyFile: 'vocabulary.json',
    style: vocabulary.style,
    ...defaults,
    ...vocabulary.settings,
    ...given,
  };
  const maxLen = merged.maxLen as number | undefined;
  // maxLen may come from the model (a fixed input length), and maxId always does: check with placeholders.
  const { maxLen: _len, maxId: _id, ...input } = checkSequenceInput({ ...merged, maxLen: maxLen ?? 1, maxId: 1 }, fail);
  return { kind: 'sequence', input, maxLen, vocabulary };
}

/**
 * Labels from `a,b,c` or a JSON file holding an array of strings.
 *
 * @throws UsageError when there are fewer than two, duplicates or empty ones
 */
export function readLabels(value: string): string[] {
  const labels = value.trim().endsWith('.json')
    ? readJson(value, 'labels file')
    : value.split(',').map((l) => l.trim());
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' && l !== '')) {
    throw new UsageError(`labels ${value}: must be a comma-separated list or a JSON array of non-empty strings`);
  }
  if (labels.length < 2) throw new UsageError(`labels ${value}: a classifier needs at least 2 labels`);
  if (new Set(labels).size !== labels.length) throw new UsageError(`labels ${value}: labels must be unique`);
  return labels as string[];
}

/**
 * Reads `--samples`: a JSON array of `{"text", "label"}` rows the model was not trained on, which go into the
 * manifest for the deployment's smoke test (see `lib/model/bundle/samples.ts`). Text models only.
 *
 * @throws UsageError naming the first bad row
 */
export function readSamples(path: string, labels: readonly string[], kind: InputDraft['kind']): ManifestSample[] {
  const fail = (message: string): never => {
    throw new UsageError(`samples ${path}: ${message}`);
  };
  if (kind === 'features') fail('samples are texts, and a features model takes no text');
  return checkSamples(readJson(path, 'samples'), labels, fail) ?? [];
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${what} ${path}: missing or unreadable`);
  }
}

function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} ${path}: not valid JSON`);
  }
}
