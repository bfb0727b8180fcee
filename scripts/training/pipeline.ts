import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadClassifier } from '../../lib/model/load-classifier';
import type { BundleManifest } from '../../lib/model/manifest';
import { vocabularyFromJson, type PreprocessingConfig, type VocabularyFile } from '../../lib/model/preprocess';
import { initTf, tf } from '../../lib/model/tf';
import { readLabelledCsv } from './csv';
import { UsageError } from './errors';
import { vectorizeAll } from './features';
import { fitModel, predictLabels, type EpochResult, type FitCallbacks } from './fit';
import { classificationMetrics } from './metrics';
import { buildModel } from './model-builder';
import type { Quantization } from './quantize';
import { stratifiedSplit } from './split';
import { buildVocabulary } from './vocabulary-builder';
import { captureModel, writeBundle, VOCABULARY_FILE, type ManifestDraft } from './write-bundle';

/** Every setting of a training run (the CLI's flags). */
export interface TrainOptions {
  data: string;
  out: string;
  textColumn: string;
  labelColumn: string;
  epochs: number;
  seed: number;
  valFraction: number;
  batchSize: number;
  learningRate: number;
  embeddingDim: number;
  hiddenUnits: number;
  dropout: number;
  l2: number;
  minDf: number;
  maxVocab: number;
  wordNgrams: [number, number] | null;
  charNgrams: [number, number] | null;
  charMode: 'word-bounded' | 'text';
  maxChars: number;
  maxNgrams: number;
  quantize: Quantization;
  name: string;
  modelVersion: string;
  datasetName?: string;
  citation: string;
  licence: string;
}

export interface TrainResult {
  manifest: BundleManifest;
  history: EpochResult[];
  skipped: number;
  rows: number;
  /** Validation metrics of the float32 model before quantisation (to check quantisation costs nothing). */
  floatValidation?: { accuracy: number; macroF1: number };
}

export interface TrainHooks extends FitCallbacks {
  /** Called once the data is read, before training starts. */
  onData?: (info: { rows: number; skipped: number; labels: number; train: number; validation: number; vocabulary: number }) => void;
}

/**
 * Reads a labelled CSV, builds the vocabulary on the training split, trains the embedding-bag model, measures it on the
 * stratified validation split (after quantisation, i.e. as served) and writes a complete bundle to `options.out`.
 *
 * @throws UsageError for bad input (the CLI prints its message)
 */
export async function trainBundle(options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const started = Date.now();
  if (!(options.valFraction >= 0 && options.valFraction < 1)) throw new UsageError('--val-fraction must be in [0, 1)');
  const { rows, skipped } = readLabelledCsv(options.data, options.textColumn, options.labelColumn);
  if (rows.length === 0) throw new UsageError(`no usable rows in ${options.data} (${skipped} skipped with empty text or label)`);
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  if (labels.length < 2) throw new UsageError(`need at least 2 distinct labels, found ${labels.length}`);
  const split = stratifiedSplit(rows.map((r) => r.label), options.valFraction, options.seed);

  const preprocessing: PreprocessingConfig = {
    normalization: { unicode: 'NFKC', lowercase: true },
    tokenization: 'unicode-words',
    wordNgrams: options.wordNgrams,
    charNgrams: options.charNgrams,
    charNgramMode: options.charMode,
    maxChars: options.maxChars,
    maxNgrams: options.maxNgrams,
    weighting: { tf: 'sublinear', idf: true, norm: 'l2' },
    vocabularyFile: VOCABULARY_FILE,
    vocabularySize: 0,
  };
  const trainTexts = split.train.map((i) => rows[i]!.text);
  const vocabularyFile = buildVocabulary(trainTexts, preprocessing, { minDf: options.minDf, maxSize: options.maxVocab });
  if (vocabularyFile.tokens.length === 0) throw new UsageError('no n-gram occurs often enough to learn from; lower --min-df');
  preprocessing.vocabularySize = vocabularyFile.tokens.length;
  const vocabulary = vocabularyFromJson(vocabularyFile);
  hooks.onData?.({
    rows: rows.length,
    skipped,
    labels: labels.length,
    train: split.train.length,
    validation: split.validation.length,
    vocabulary: vocabulary.size,
  });

  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const encode = (indices: number[]) => ({
    features: vectorizeAll(indices.map((i) => rows[i]!.text), vocabulary, preprocessing),
    labels: Int32Array.from(indices, (i) => labelIndex.get(rows[i]!.label)!),
  });
  const train = encode(split.train);
  const validation = split.validation.length > 0 ? encode(split.validation) : undefined;

  await initTf('cpu');
  const model = buildModel({
    vocabularySize: vocabulary.size,
    labelCount: labels.length,
    embeddingDim: options.embeddingDim,
    hiddenUnits: options.hiddenUnits,
    dropout: options.dropout,
    seed: options.seed,
  });
  try {
    const history = fitModel(model, train, validation, options, hooks);
    const measure = (predicted: Int32Array) => {
      const m = classificationMetrics(
        Array.from(validation!.labels, (i) => labels[i]!),
        Array.from(predicted, (i) => labels[i]!),
        labels,
      );
      return { accuracy: m.accuracy, macroF1: m.macroF1, n: m.n };
    };
    const floatValidation = validation ? measure(predictLabels(model, validation.features)) : undefined;
    const artifacts = await captureModel(model);
    const draft = manifestDraft(options, labels, preprocessing, { rows: rows.length, skipped });
    if (validation) {
      const texts = split.validation.map((i) => rows[i]!.text);
      const predicted = await predictWithServedBundle(artifacts, vocabularyFile, draft, options.quantize, texts);
      draft.metrics.validation = measure(Int32Array.from(predicted, (label) => labelIndex.get(label)!));
    }
    draft.training.durationSeconds = Math.round((Date.now() - started) / 100) / 10;
    const manifest = writeBundle(options.out, artifacts, vocabularyFile, draft, options.quantize);
    return { manifest, history, skipped, rows: rows.length, floatValidation };
  } finally {
    model.dispose();
  }
}

/** The manifest of a run, before its files are written and its validation metrics measured. */
function manifestDraft(
  options: TrainOptions,
  labels: string[],
  preprocessing: PreprocessingConfig,
  data: { rows: number; skipped: number },
): ManifestDraft {
  return {
    formatVersion: 1,
    name: options.name,
    version: options.modelVersion,
    createdAt: new Date().toISOString(),
    labels,
    inputs: ['ids', 'weights'],
    preprocessing,
    inputLimits: { maxChars: options.maxChars, maxNgrams: options.maxNgrams },
    metrics: { validation: { accuracy: 0, macroF1: 0, n: 0 } },
    training: {
      data: {
        name: options.datasetName ?? basename(options.data),
        citation: options.citation,
        licence: options.licence,
        rows: data.rows,
        skippedRows: data.skipped,
      },
      settings: settingsOf(options),
      durationSeconds: 0,
    },
    tfjsVersion: tf.version_core,
  };
}

/**
 * Predicts texts with the bundle exactly as it will be served (quantised, loaded back by the service's loader), from a
 * scratch copy, so the output directory only ever receives the finished bundle.
 */
async function predictWithServedBundle(
  artifacts: tf.io.ModelArtifacts,
  vocabularyFile: VocabularyFile,
  draft: ManifestDraft,
  quantization: Quantization,
  texts: string[],
): Promise<string[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-train-'));
  try {
    writeBundle(join(scratch, 'bundle'), artifacts, vocabularyFile, draft, quantization);
    const served = await loadClassifier(join(scratch, 'bundle'));
    const predicted: string[] = [];
    try {
      // Chunks keep the padded batch small however large the validation split is.
      for (let start = 0; start < texts.length; start += 256) {
        for (const p of served.classify(texts.slice(start, start + 256), 1)) predicted.push(p.label);
      }
    } finally {
      served.dispose();
    }
    return predicted;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The settings recorded in the manifest (everything that shapes the model, not paths). */
function settingsOf(options: TrainOptions): Record<string, unknown> {
  const { data: _data, out: _out, name: _name, modelVersion: _v, citation: _c, licence: _l, datasetName: _d, ...settings } = options;
  return settings;
}
