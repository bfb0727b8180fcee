import { abstainPolicyFromJson, type AbstainSection } from '../abstain/section';
import type { PreprocessingConfig } from '../inputs/ngrams/config';
import { checkSamples, type ManifestSample } from './samples';

/** Name of the file that describes a bundle; it pins every other file by sha256. */
export const MANIFEST_FILE = 'manifest.json';

/** One file of the bundle, pinned by size and sha256. */
export interface BundleFile {
  /** Bundle-relative path, e.g. `weights.bin`. */
  path: string;
  bytes: number;
  sha256: string;
}

/** Classification metrics on a labelled set. */
export interface Metrics {
  accuracy: number;
  macroF1: number;
  n: number;
}

/** `metrics.validation.measuredOn` of a refit bundle: the metrics belong to the held-out run, not the shipped weights. */
export const MEASURED_BEFORE_REFIT = 'held-out run before refit on all rows';

/** Validation metrics as the manifest records them. */
export interface ValidationMetrics extends Metrics {
  /**
   * Absent: measured on this bundle's own weights. {@link MEASURED_BEFORE_REFIT}: measured on a run that held the
   * validation rows out; the shipped model was then trained again, same settings and seed, on every row (`training.refit`).
   */
  measuredOn?: typeof MEASURED_BEFORE_REFIT;
}

/**
 * Stratified k-fold cross-validation of the bundle's training settings on its training data (`metrics.crossValidation`):
 * every row predicted once by a model that did not see it. Mean and sample standard deviation over the folds.
 */
export interface CrossValidationMetrics {
  folds: number;
  seed: number;
  n: number;
  accuracy: { mean: number; std: number };
  macroF1: { mean: number; std: number };
}

/** How a refit bundle was made (`training.refit`): the held-out run that was measured, then the refit that was shipped. */
export interface RefitRecord {
  /** Rows the shipped model (and its vocabulary and idf) was trained on: every usable row. */
  rows: number;
  /** The measured run: rows it trained on, rows it was validated on, and its vocabulary size. */
  heldOutRun: { trainRows: number; validationRows: number; vocabularySize: number };
}

/** What every bundle's manifest says of itself, whoever wrote it (the trainer or `npm run import-model`). */
export interface ManifestIdentity {
  formatVersion: 1;
  name: string;
  version: string;
  createdAt: string;
  /** Labels in the model's output order. */
  labels: string[];
  /** The tfjs layers model (`model.json`, which lists its weight files). */
  modelFile: string;
  /** Every other file of the bundle. */
  files: BundleFile[];
  tfjsVersion: string;
  /** Texts with their expected labels, for the deployment's smoke test (see `samples.ts`); absent in older bundles. */
  samples?: ManifestSample[];
}

/** The self-description of a model bundle written by the trainer (`manifest.json`). */
export interface BundleManifest extends ManifestIdentity {
  /** The input kind tag (see `served-manifest.ts`); trainer bundles written before it had none. */
  input?: { kind: 'ngrams' };
  /** Input names of the layers model, in order: n-gram ids, then their weights. */
  inputs: ['ids', 'weights'];
  preprocessing: PreprocessingConfig;
  /** What the model looks at: longer texts are accepted but only their first `maxChars` normalised characters count. */
  inputLimits: { maxChars: number; maxNgrams: number };
  metrics: { validation: ValidationMetrics; crossValidation?: CrossValidationMetrics };
  /** Calibrated abstention (absent: the service never abstains unless a threshold is set). */
  abstain?: AbstainSection;
  training: {
    data: { name: string; citation: string; licence: string; rows: number; skippedRows: number };
    settings: Record<string, unknown>;
    /** Present only when the shipped model was refit on all rows after the measured held-out run. */
    refit?: RefitRecord;
    durationSeconds: number;
  };
}

/** A manifest that does not have the expected shape; the message is safe to show to an API client. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** A bundle-relative path without `..` or absolute parts. */
export const SAFE_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/**
 * Checks that parsed JSON is a usable bundle manifest and returns it typed.
 *
 * @throws ManifestError naming the first field that is missing or wrong
 */
export function parseManifest(json: unknown): BundleManifest {
  const m = object(json, 'manifest');
  if (m.formatVersion !== 1) fail('formatVersion must be 1');
  string(m.name, 'name');
  string(m.version, 'version');
  const labels = array(m.labels, 'labels');
  if (labels.length < 2) fail('labels must list at least 2 labels');
  labels.forEach((l, i) => string(l, `labels[${i}]`));
  if (new Set(labels).size !== labels.length) fail('labels must be unique');
  const files = array(m.files, 'files').map((f, i) => {
    const file = object(f, `files[${i}]`);
    const path = string(file.path, `files[${i}].path`);
    if (!SAFE_PATH.test(path) || path.split('/').includes('..')) fail(`files[${i}].path must be a plain relative path`);
    if (!Number.isInteger(file.bytes) || (file.bytes as number) < 0) fail(`files[${i}].bytes must be a byte count`);
    if (typeof file.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(file.sha256)) fail(`files[${i}].sha256 must be 64 hex digits`);
    return path;
  });
  const modelFile = string(m.modelFile, 'modelFile');
  const p = object(m.preprocessing, 'preprocessing');
  const vocabularyFile = string(p.vocabularyFile, 'preprocessing.vocabularyFile');
  for (const needed of [modelFile, vocabularyFile]) {
    if (!files.includes(needed)) fail(`files must list ${needed}`);
  }
  positiveInt(p.maxChars, 'preprocessing.maxChars');
  positiveInt(p.maxNgrams, 'preprocessing.maxNgrams');
  positiveInt(p.vocabularySize, 'preprocessing.vocabularySize');
  range(p.wordNgrams, 'preprocessing.wordNgrams');
  range(p.charNgrams, 'preprocessing.charNgrams');
  if (!p.wordNgrams && !p.charNgrams) fail('preprocessing needs word or character n-grams');
  if (p.charNgramMode !== 'word-bounded' && p.charNgramMode !== 'text') fail('preprocessing.charNgramMode is unknown');
  const norm = object(p.normalization, 'preprocessing.normalization');
  if (norm.unicode !== 'NFKC' || typeof norm.lowercase !== 'boolean') fail('preprocessing.normalization is unknown');
  const w = object(p.weighting, 'preprocessing.weighting');
  if ((w.tf !== 'sublinear' && w.tf !== 'raw') || typeof w.idf !== 'boolean' || (w.norm !== 'l2' && w.norm !== 'none')) {
    fail('preprocessing.weighting is unknown');
  }
  if (m.abstain !== undefined) {
    const policy = abstainPolicyFromJson(m.abstain, fail);
    // Against a label the model does not have, the score is 1 on every row: the threshold would never apply.
    if (policy.method === 'best-vs-fallback' && !(labels as string[]).includes(policy.label))
      fail(`abstain.method best-vs-fallback needs its label "${policy.label}" among the model's labels`);
  }
  checkSamples(m.samples, labels as string[], fail);
  return json as BundleManifest;
}

function fail(message: string): never {
  throw new ManifestError(`manifest.json: ${message}`);
}
function object(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be an object`);
  return v as Record<string, unknown>;
}
function array(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) fail(`${what} must be an array`);
  return v;
}
function string(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(`${what} must be a non-empty string`);
  return v;
}
function positiveInt(v: unknown, what: string): void {
  if (!Number.isInteger(v) || (v as number) < 1) fail(`${what} must be a positive integer`);
}
function range(v: unknown, what: string): void {
  if (v === null) return;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => Number.isInteger(n) && n >= 1) || v[0] > v[1]) {
    fail(`${what} must be null or [min, max] with 1 <= min <= max`);
  }
}
