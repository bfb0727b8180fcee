import type { tf } from '../../lib/model/tf/index';
import type { PreprocessingConfig, VocabularyFile } from '../../lib/model/inputs/ngrams';
import type { Prediction } from '../../lib/model/types';
import type { LabelledRow } from './csv';
import type { FitCallbacks } from './fit';
import { stratifiedFolds } from './split';
import { fitRun, prepareRun, type RunOptions } from './training-run';

/** Predicts texts with a trained run's model as it would be served (quantised, loaded back). */
export type ServedPredictor = (
  artifacts: tf.io.ModelArtifacts,
  vocabularyFile: VocabularyFile,
  preprocessing: PreprocessingConfig,
  texts: string[],
) => Promise<Prediction[]>;

/** Held-out predictions and the true label of each row. */
export interface HeldOutRows {
  predictions: Prediction[];
  actual: string[];
}

/**
 * Out-of-fold predictions of the training split's rows (`--calibration-folds`): the rows are dealt into `folds`
 * stratified folds, and each fold is predicted by a model trained on the others, with the same settings and each member
 * trained for the epochs the held-out run kept (as a refit does: no rows to stop on, none of the fold's rows choosing).
 *
 * Why: the threshold is the 2% quantile of the held-out in-scope scores, and on a validation split of ~700 such rows
 * that is the 14th lowest, a noisy place to stand: on the out-of-scope simulation it spent 0.5 to 1.8 points of
 * in-scope accuracy where 2% of the test rows spent about 1 (docs/model-quality.md). Out-of-fold rows multiply the
 * rows it is read from, for `folds` more trainings.
 *
 * @param trainIndices - the training split's rows (the validation split stays out: the held-out run predicts it)
 * @param memberEpochs - the epochs each member trains (the held-out run's kept epochs)
 * @example await outOfFoldPredictions(rows, split.train, labels, fitOptions, 5, [14, 31, 14], predict) // { predictions, actual } of every training row
 */
export async function outOfFoldPredictions(
  rows: readonly LabelledRow[],
  trainIndices: readonly number[],
  labels: readonly string[],
  options: RunOptions,
  folds: number,
  memberEpochs: readonly number[],
  predict: ServedPredictor,
  callbacks: FitCallbacks & {
    onFold?: (fold: number, of: number, run: { train: number; vocabulary: number }) => void;
  } = {},
): Promise<HeldOutRows> {
  // A label with one training row (two in all, one held out) is dealt too: its fold's model has not seen the label.
  const dealt = stratifiedFolds(
    trainIndices.map((i) => rows[i]!.label),
    folds,
    options.seed,
    { singleRows: true },
  );
  const out: HeldOutRows = { predictions: [], actual: [] };
  for (const [f, fold] of dealt.entries()) {
    const held = new Set(fold);
    const foldTrain = trainIndices.filter((_, position) => !held.has(position));
    const foldHeld = fold.map((position) => trainIndices[position]!);
    const run = prepareRun(rows, foldTrain, [], labels, options);
    callbacks.onFold?.(f + 1, dealt.length, { train: run.trainRows, vocabulary: run.preprocessing.vocabularySize });
    const fitted = await fitRun(run, labels.length, options, callbacks, false, [], memberEpochs);
    const texts = foldHeld.map((i) => rows[i]!.text);
    out.predictions.push(...(await predict(fitted.artifacts, run.vocabularyFile, run.preprocessing, texts)));
    out.actual.push(...foldHeld.map((i) => rows[i]!.label));
  }
  return out;
}
