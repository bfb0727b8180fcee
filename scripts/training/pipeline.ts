import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadClassifier } from '../../lib/model/load-classifier';
import { ABSTAIN_DEFAULTS } from '../../lib/model/abstain';
import { MEASURED_BEFORE_REFIT, type BundleManifest, type Metrics } from '../../lib/model/bundle/manifest';
import type { PreprocessingConfig, VocabularyFile } from '../../lib/model/inputs/ngrams';
import { tf } from '../../lib/model/tf/index';
import type { Prediction } from '../../lib/model/types';
import { checkOutDir } from '../support/out-dir';
import { outOfFoldPredictions, type ServedPredictor } from './calibration-folds';
import {
  calibrateFromHeldOut,
  checkOutOfScopeRows,
  fitOptionsFor,
  outOfScopeSettings,
  type AbstentionOptions,
} from './abstention';
import { readLabelledCsv, type LabelledRow } from './csv';
import { readCvRecord } from './cv-record';
import { UsageError } from './errors';
import type { EpochResult, FitCallbacks } from './fit';
import { classificationMetrics } from './metrics';
import type { Quantization } from './quantize';
import { pickSamples } from './samples';
import { stratifiedSplit } from './split';
import { fitRun, prepareRun, type FittedRun, type RunOptions } from './training-run';
import { writeBundle, type ManifestDraft } from './write-bundle';

/** Every setting of a training run (the CLI's flags): what one run needs (model, features, fit) plus data and bundle. */
export interface TrainOptions extends RunOptions, AbstentionOptions {
  data: string;
  out: string;
  /** Replace a non-empty `out` (`--force`); without it the run refuses before reading anything. */
  force?: boolean;
  textColumn: string;
  labelColumn: string;
  valFraction: number;
  /** After the held-out run is measured, train again on every row and ship that model (needs valFraction > 0). */
  refit?: boolean;
  quantize: Quantization;
  /** With `uint8`: the bits of each byte the codes use (see `toUint8`). */
  quantizeBits: number;
  /** A `--cv-out` file holding the cross-validation of these settings on this data, for `metrics.crossValidation`. */
  cvFrom?: string;
  name: string;
  modelVersion: string;
  datasetName?: string;
  citation: string;
  licence: string;
}

export interface TrainResult {
  manifest: BundleManifest;
  /** Epochs of the held-out run (with validation accuracy), whose metrics the manifest records. */
  history: EpochResult[];
  /** Epochs of the refit on all rows (the shipped model), when `refit` was set. */
  refitHistory?: EpochResult[];
  /** How each member of the held-out run ended: epochs run, the epoch kept, and its validation loss and accuracy. */
  members: FittedRun['members'];
  skipped: number;
  rows: number;
  /** Validation metrics of the float32 model before quantisation (to check quantisation costs nothing). */
  floatValidation?: { accuracy: number; macroF1: number };
}

/**
 * The trainings of a run: `held-out`, then with `--calibration-folds` one `calibration` per fold, then with `--refit`
 * the `refit` on all rows.
 */
export type TrainPhase = 'held-out' | 'calibration' | 'refit';

export interface TrainHooks extends FitCallbacks {
  /** Called once the data is read, before training starts (figures of the held-out run). */
  onData?: (info: {
    rows: number;
    skipped: number;
    labels: number;
    train: number;
    validation: number;
    vocabulary: number;
  }) => void;
  /**
   * Called before each training starts, with the rows it learns from, its vocabulary size, for a refit or calibration
   * fold the epochs each member will train, and for a calibration fold which one.
   */
  onPhase?: (
    phase: TrainPhase,
    info: { train: number; vocabulary: number; memberEpochs?: number[]; fold?: number; of?: number },
  ) => void;
}

/**
 * Reads a labelled CSV, builds the vocabulary on the training split, trains the embedding-bag model, measures it on the
 * stratified validation split (after quantisation, i.e. as served) and writes a complete bundle to `options.out`.
 *
 * With `calibrationFolds` (K), K more models are trained on folds of the training split to predict its rows, and the
 * abstention threshold is calibrated on those and the validation rows together; the written model is unchanged.
 *
 * With `refit`, a second model is then trained from scratch with the same settings and seed on every usable row
 * (vocabulary and idf rebuilt from all rows) and shipped instead; the manifest keeps the held-out run's metrics,
 * marked `metrics.validation.measuredOn`, and describes both runs in `training.refit`.
 *
 * @throws UsageError for bad input (the CLI prints its message)
 */
export async function trainBundle(given: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const started = Date.now();
  const options = outOfScopeSettings(given);
  checkOutDir(options.out, { force: options.force ?? false });
  if (!(options.valFraction >= 0 && options.valFraction < 1)) throw new UsageError('--val-fraction must be in [0, 1)');
  if (options.refit && options.valFraction === 0) {
    throw new UsageError(
      '--refit needs a held-out run to measure first; use --val-fraction above 0 (or drop --refit to train on all rows unmeasured)',
    );
  }
  if (options.oosLabel !== undefined && options.valFraction === 0) {
    throw new UsageError('--oos-label calibrates abstention on a held-out run; use --val-fraction above 0');
  }
  if (options.calibrationFolds && options.valFraction === 0) {
    throw new UsageError(
      '--calibration-folds trains each member for the epochs a held-out run kept; use --val-fraction above 0',
    );
  }
  const { rows, skipped, labels } = readTrainingData(options);
  checkOutOfScopeRows(rows, options.oosLabel);
  const crossValidation = options.cvFrom ? readCvRecord(options.cvFrom, options.data, rows.length, options) : undefined;
  const split = stratifiedSplit(
    rows.map((r) => r.label),
    options.valFraction,
    options.seed,
  );
  if (options.calibrationFolds && options.calibrationFolds > split.train.length)
    throw new UsageError(
      `--calibration-folds ${options.calibrationFolds} needs at least ${options.calibrationFolds} training rows; ` +
        `the training split has ${split.train.length}`,
    );

  const heldOut = prepareRun(rows, split.train, split.validation, labels, options);
  hooks.onData?.({
    rows: rows.length,
    skipped,
    labels: labels.length,
    train: heldOut.trainRows,
    validation: heldOut.validationRows,
    vocabulary: heldOut.preprocessing.vocabularySize,
  });
  hooks.onPhase?.('held-out', { train: heldOut.trainRows, vocabulary: heldOut.preprocessing.vocabularySize });
  // Loss weights and clusters go to the fits only: the manifest records `oosWeight` and `oosClusters`.
  const fitOptions = fitOptionsFor(labels, options);
  const heldOutFit = await fitRun(heldOut, labels.length, fitOptions, hooks);
  // What calibration folds and a refit train each member for: the epochs whose weights the held-out run kept.
  const memberEpochs = heldOutFit.members.map((m) => m.bestEpoch);

  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const measure = (predicted: Int32Array): Metrics => {
    const m = classificationMetrics(
      Array.from(heldOut.validation!.labels, (i) => labels[i]!),
      Array.from(predicted, (i) => labels[i]!),
      labels,
    );
    return { accuracy: m.accuracy, macroF1: m.macroF1, n: m.n };
  };
  const floatValidation = heldOutFit.floatPredictions ? measure(heldOutFit.floatPredictions) : undefined;
  const draft = manifestDraft(options, labels, heldOut.preprocessing, { rows: rows.length, skipped });
  // The epochs each member ran, and the epoch whose weights it kept (what a refit trains), per member.
  draft.training.settings.epochsRun = heldOutFit.members.map((m) => m.epochsRun);
  draft.training.settings.bestEpochs = memberEpochs;
  // The classes the out-of-scope rows were learnt as (up to --oos-clusters); a refit's replace them below.
  if (heldOutFit.splitClasses !== undefined) draft.training.settings.oosClasses = heldOutFit.splitClasses;
  if (crossValidation) draft.metrics.crossValidation = crossValidation;
  if (heldOut.validation) {
    const texts = split.validation.map((i) => rows[i]!.text);
    const predictions = await predictWithServedBundle(
      heldOutFit.artifacts,
      heldOut.vocabularyFile,
      draft,
      options.quantize,
      options.quantizeBits,
      texts,
    );
    draft.metrics.validation = measure(Int32Array.from(predictions, (p) => labelIndex.get(p.label)!));
    const actual = split.validation.map((i) => rows[i]!.label);
    const calibration = { predictions, actual };
    if (options.calibrationFolds) {
      // Every training row's prediction is held until calibration: only the labels the scores read are kept (the best
      // two and the fallback), not all of them.
      const fallback = options.oosLabel ?? ABSTAIN_DEFAULTS.label;
      const predict: ServedPredictor = async (artifacts, vocabularyFile, preprocessing, texts) =>
        (
          await predictWithServedBundle(
            artifacts,
            vocabularyFile,
            { ...draft, preprocessing },
            options.quantize,
            options.quantizeBits,
            texts,
          )
        ).map((p) => ({ ...p, top: p.top.filter((entry, rank) => rank < 2 || entry.label === fallback) }));
      const outOfFold = await outOfFoldPredictions(
        rows,
        split.train,
        labels,
        fitOptions,
        options.calibrationFolds,
        memberEpochs,
        predict,
        {
          ...hooks,
          onFold: (fold, of, run) => hooks.onPhase?.('calibration', { ...run, memberEpochs, fold, of }),
        },
      );
      calibration.predictions = [...predictions, ...outOfFold.predictions];
      calibration.actual = [...actual, ...outOfFold.actual];
    }
    draft.abstain = calibrateFromHeldOut(calibration, options, ABSTAIN_DEFAULTS.label);
    const outOfFoldRows = calibration.predictions.length - predictions.length;
    if (outOfFoldRows > 0) draft.abstain.measured.outOfFoldRows = outOfFoldRows;
    // For the deployment's smoke test (lib/release/): rows the measured run never saw, with their labels.
    draft.samples = pickSamples(
      rows,
      split.validation.filter((i) => rows[i]!.label !== options.oosLabel),
    );
  }

  let shipped = { artifacts: heldOutFit.artifacts, vocabularyFile: heldOut.vocabularyFile };
  let refitHistory: EpochResult[] | undefined;
  if (options.refit) {
    const all = prepareRun(
      rows,
      rows.map((_, i) => i),
      [],
      labels,
      options,
    );
    // Each member trains the epochs whose weights its measured run kept: all rows, no validation rows to stop on.
    hooks.onPhase?.('refit', { train: all.trainRows, vocabulary: all.preprocessing.vocabularySize, memberEpochs });
    const refit = await fitRun(all, labels.length, fitOptions, hooks, false, [], memberEpochs);
    shipped = { artifacts: refit.artifacts, vocabularyFile: all.vocabularyFile };
    if (refit.splitClasses !== undefined) draft.training.settings.oosClasses = refit.splitClasses;
    refitHistory = refit.history;
    draft.preprocessing = all.preprocessing;
    draft.metrics.validation.measuredOn = MEASURED_BEFORE_REFIT;
    if (draft.abstain) draft.abstain.measured.measuredOn = MEASURED_BEFORE_REFIT;
    draft.training.refit = {
      rows: all.trainRows,
      heldOutRun: {
        trainRows: heldOut.trainRows,
        validationRows: heldOut.validationRows,
        vocabularySize: heldOut.preprocessing.vocabularySize,
      },
    };
  }
  draft.training.durationSeconds = Math.round((Date.now() - started) / 100) / 10;
  const manifest = writeBundle(
    options.out,
    shipped.artifacts,
    shipped.vocabularyFile,
    draft,
    options.quantize,
    options.quantizeBits,
  );
  return {
    manifest,
    history: heldOutFit.history,
    refitHistory,
    members: heldOutFit.members,
    skipped,
    rows: rows.length,
    floatValidation,
  };
}

/**
 * Reads the labelled rows a run learns from and their sorted distinct labels.
 *
 * @throws UsageError when the file is unusable, has no usable rows or fewer than 2 labels
 */
export function readTrainingData(options: Pick<TrainOptions, 'data' | 'textColumn' | 'labelColumn'>): {
  rows: LabelledRow[];
  skipped: number;
  labels: string[];
} {
  const { rows, skipped } = readLabelledCsv(options.data, options.textColumn, options.labelColumn);
  if (rows.length === 0)
    throw new UsageError(`no usable rows in ${options.data} (${skipped} skipped with empty text or label)`);
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  if (labels.length < 2) throw new UsageError(`need at least 2 distinct labels, found ${labels.length}`);
  return { rows, skipped, labels };
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
  bits: number,
  texts: string[],
): Promise<Prediction[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-train-'));
  try {
    writeBundle(join(scratch, 'bundle'), artifacts, vocabularyFile, draft, quantization, bits);
    const served = await loadClassifier(join(scratch, 'bundle'));
    const predicted: Prediction[] = [];
    try {
      // Chunks keep the padded batch small however large the validation split is. Every label: calibration measures
      // every method, and `best-vs-fallback` needs the fallback label's wherever it ranks.
      const labelCount = served.info.labels.length;
      for (let start = 0; start < texts.length; start += 256)
        predicted.push(...served.classify(texts.slice(start, start + 256), labelCount));
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
  const {
    data: _data,
    out: _out,
    force: _force,
    name: _name,
    modelVersion: _v,
    citation: _c,
    licence: _l,
    datasetName: _d,
    cvFrom: _cv,
    ...settings
  } = options;
  return settings;
}
