import { vocabularyFromJson, type PreprocessingConfig, type VocabularyFile } from '../../lib/model/inputs/ngrams';
import { initTf, tf, tfl } from '../../lib/model/tf/index';
import type { LabelledRow } from './csv';
import { UsageError } from './errors';
import { vectorizeAll, type FeatureMatrix } from './features';
import {
  argmaxRows,
  fitModel,
  predictProbabilities,
  type EpochResult,
  type FitCallbacks,
  type FitOptions,
  type MemberFit,
} from './fit';
import { classLabels, mergeClasses, splitLabel, type LabelSplit } from './label-clusters';
import { buildModel } from './model-builder';
import { MIN_QUANTIZED_ELEMENTS, roundTripUint8 } from './quantize';
import { buildVocabulary } from './vocabulary-builder';
import { viewMask, type View } from './views';
import { averagingEpochs, checkAveraging } from './weight-averaging';
import { captureModel, VOCABULARY_FILE } from './write-bundle';

/** The settings one training run needs (a subset of the CLI's flags). */
export interface RunOptions extends FitOptions {
  embeddingDim: number;
  hiddenUnits: number;
  dropout: number;
  /** Ensemble size (see `buildModel`). */
  members: number;
  /** The n-grams each member sees, cycled over the members (see `views.ts`). */
  views: View[];
  minDf: number;
  maxVocab: number;
  wordNgrams: [number, number] | null;
  charNgrams: [number, number] | null;
  charMode: 'word-bounded' | 'text';
  maxChars: number;
  maxNgrams: number;
  /** Each member's weights averaged over its last this many epochs (see `weight-averaging.ts`); 0 or absent: the last epoch's. */
  averageEpochs?: number;
  /**
   * Learn this label as up to `clusters` classes (`label-clusters.ts`), served as the one label; each class's rows
   * weigh what the label's do in `labelWeights`.
   */
  splitLabel?: { index: number; clusters: number };
}

/** A run whose vocabulary is built and whose rows are vectorised, ready to train. */
export interface PreparedRun {
  preprocessing: PreprocessingConfig;
  vocabularyFile: VocabularyFile;
  trainRows: number;
  validationRows: number;
  train: { features: FeatureMatrix; labels: Int32Array };
  validation?: { features: FeatureMatrix; labels: Int32Array };
  /**
   * Rows early stopping watches instead of `validation`, so the rows a run is measured on did not choose its epochs
   * (cross-validation). Absent: `validation` does both, as in a training run.
   */
  stopping?: { features: FeatureMatrix; labels: Int32Array };
}

/** A trained run: the float32 model captured in memory, its history and (with a validation set) its float32 predictions. */
export interface FittedRun {
  artifacts: tf.io.ModelArtifacts;
  /** The last member's epochs (what the progress display shows). */
  history: EpochResult[];
  /** How each member's training ended: epochs run, and the epoch whose weights it kept. */
  members: Omit<MemberFit, 'history'>[];
  /** With a split label (`RunOptions.splitLabel`): how many classes it was learnt as (1: its rows made one cluster). */
  splitClasses?: number;
  /** Predicted label index of every validation row by the float32 model (before quantisation). */
  floatPredictions?: Int32Array;
  /** Predicted label index of every validation row with the weights stored as uint8 codes of each probed bit depth. */
  quantizedPredictions?: Map<number, Int32Array>;
}

/**
 * Builds the vocabulary and idf from the training rows only and vectorises the training and validation rows with the
 * serving preprocessing. The held-out run and the refit on all rows both go through here, so they differ only in rows.
 *
 * @throws UsageError when no n-gram of the training rows is frequent enough to keep
 */
export function prepareRun(
  rows: readonly LabelledRow[],
  trainIndices: readonly number[],
  validationIndices: readonly number[],
  labels: readonly string[],
  options: RunOptions,
  /** Rows for early stopping only (see {@link PreparedRun.stopping}); their n-grams do not enter the vocabulary. */
  stoppingIndices: readonly number[] = [],
): PreparedRun {
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
  const trainTexts = trainIndices.map((i) => rows[i]!.text);
  const vocabularyFile = buildVocabulary(trainTexts, preprocessing, {
    minDf: options.minDf,
    maxSize: options.maxVocab,
  });
  if (vocabularyFile.tokens.length === 0)
    throw new UsageError('no n-gram occurs often enough to learn from; lower --min-df');
  preprocessing.vocabularySize = vocabularyFile.tokens.length;
  const vocabulary = vocabularyFromJson(vocabularyFile);

  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const encode = (indices: readonly number[]) => ({
    features: vectorizeAll(
      indices.map((i) => rows[i]!.text),
      vocabulary,
      preprocessing,
    ),
    labels: Int32Array.from(indices, (i) => labelIndex.get(rows[i]!.label)!),
  });
  return {
    preprocessing,
    vocabularyFile,
    trainRows: trainIndices.length,
    validationRows: validationIndices.length,
    train: encode(trainIndices),
    validation: validationIndices.length > 0 ? encode(validationIndices) : undefined,
    ...(stoppingIndices.length > 0 && { stopping: encode(stoppingIndices) }),
  };
}

/**
 * Trains a fresh model (initialised from `options.seed`) on a prepared run and captures its float32 weights.
 * The tfjs model is disposed before returning; only the in-memory artifacts are kept.
 *
 * Each member stops early (`options.patience`) on the run's `stopping` rows, or its validation rows when it has none;
 * its validation loss is unweighted even when `labelWeights` weigh the training loss. `memberEpochs` instead trains member m
 * for exactly `memberEpochs[m]` epochs (a refit on all rows, which has no validation rows, repeating what the
 * measured run found).
 */
export async function fitRun(
  run: PreparedRun,
  labelCount: number,
  options: RunOptions,
  callbacks: FitCallbacks = {},
  /** Measure validation accuracy after every epoch (for the progress display); cross-validation only needs the end. */
  everyEpoch = true,
  /** Also predict the validation rows with the weights rounded to uint8 codes of these bit depths (`--cv-bits`). */
  probeBits: readonly number[] = [],
  memberEpochs?: readonly number[],
): Promise<FittedRun> {
  checkAveraging(options);
  await initTf('cpu');
  const clustered =
    options.splitLabel &&
    splitLabel(
      run.train.features,
      run.train.labels,
      labelCount,
      options.splitLabel.index,
      options.splitLabel.clusters,
      options.seed,
    );
  // One cluster (too few or identical rows) is no split: the model stays as without one.
  const split = clustered && clustered.classCount > labelCount ? clustered : undefined;
  const { model, members } = buildModel({
    vocabularySize: run.preprocessing.vocabularySize,
    labelCount,
    embeddingDim: options.embeddingDim,
    hiddenUnits: options.hiddenUnits,
    dropout: options.dropout,
    members: options.members,
    seed: options.seed,
    ...(split && { servedAs: split.servedAs }),
  });
  // The members learn classes, more than the labels with a split label (its clusters); the rows that stop them stay
  // labelled by label, and their classes' probabilities are merged before scoring (`servedAs`).
  const train = split ? { ...run.train, labels: classLabels(run.train.features, run.train.labels, split) } : run.train;
  const classOptions = split && {
    servedAs: split.servedAs,
    ...(options.labelWeights && { labelWeights: Float32Array.from(split.servedAs, (l) => options.labelWeights![l]!) }),
  };
  try {
    // Each member gets its own seed for shuffling and dropout too; the history shown is the last member's.
    let history: EpochResult[] = [];
    const fits: Omit<MemberFit, 'history'>[] = [];
    // Early stopping needs its rows every epoch, even where the display does not.
    const perEpoch = everyEpoch || options.patience > 0 ? (run.stopping ?? run.validation) : undefined;
    for (const [m, member] of members.entries()) {
      callbacks.onMember?.(m + 1, members.length);
      const view = viewMask(run.vocabularyFile.tokens, options.views[m % options.views.length]!);
      const plan = memberEpochs ? { epochs: memberEpochs[m]! } : {};
      // Averaging counts back from the member's last epoch, which is known in advance only without early stopping
      // (cli-options refuses --average-epochs with --patience).
      const averaging = averagingEpochs(member, plan.epochs ?? options.epochs, options.averageEpochs ?? 0, callbacks);
      const fit = fitModel(
        member,
        train,
        perEpoch,
        { ...options, seed: options.seed + 1000 * m, ...classOptions },
        averaging.callbacks,
        view,
        plan,
      );
      averaging.finish();
      history = fit.history;
      const { history: _history, ...ended } = fit;
      fits.push(ended);
    }
    const predict = (features: FeatureMatrix) => predictServedLabels(members, features, split, labelCount);
    const floatPredictions = run.validation ? predict(run.validation.features) : undefined;
    const quantizedPredictions = run.validation
      ? predictQuantized(members, run.validation.features, probeBits, predict)
      : undefined;
    return {
      artifacts: await captureModel(model),
      history,
      members: fits,
      floatPredictions,
      quantizedPredictions,
      ...(options.splitLabel && { splitClasses: split ? split.classCount - labelCount + 1 : 1 }),
    };
  } finally {
    model.dispose();
  }
}

/** The label the saved model answers for each row: the members' classes averaged, then merged into labels. */
function predictServedLabels(
  members: readonly tfl.LayersModel[],
  features: FeatureMatrix,
  split: LabelSplit | undefined,
  labelCount: number,
): Int32Array {
  const classes = predictProbabilities(members, features);
  return argmaxRows(split ? mergeClasses(classes, split.servedAs, labelCount) : classes, features.rows);
}

/**
 * Predictions of the members with every weight the bundle would quantise rounded as `toUint8` at each bit depth
 * stores it; the float32 weights are put back afterwards.
 */
function predictQuantized(
  members: readonly tfl.LayersModel[],
  features: FeatureMatrix,
  bitDepths: readonly number[],
  predict: (features: FeatureMatrix) => Int32Array,
): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  if (bitDepths.length === 0) return out;
  const layers = members.flatMap((m) => m.layers).filter((l) => l.getWeights().length > 0);
  const originals = layers.map((l) => l.getWeights().map((w) => tf.keep(w.clone())));
  try {
    for (const bits of bitDepths) {
      tf.tidy(() =>
        layers.forEach((layer, i) =>
          layer.setWeights(
            originals[i]!.map((w) =>
              w.size < MIN_QUANTIZED_ELEMENTS
                ? w
                : tf.tensor(roundTripUint8(w.dataSync() as Float32Array, bits), w.shape),
            ),
          ),
        ),
      );
      out.set(bits, predict(features));
    }
  } finally {
    layers.forEach((layer, i) => layer.setWeights(originals[i]!));
    for (const weights of originals) for (const w of weights) w.dispose();
  }
  return out;
}
