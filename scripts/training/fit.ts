import { tf, tfl } from '../../lib/model/tf/index';
import type { PaddedBatch } from '../../lib/model/inputs/ngrams';
import { mergeClasses } from './label-clusters';
import { poolEmbeddings } from '../../lib/model/runtimes/embedding-bag/pooling';
import { batchOf, type FeatureMatrix } from './features';
import { seededRandom, shuffleInPlace } from './random';
import { SparseEmbedding } from './sparse-embedding';
import { maskBatch, maskTable } from './views';

export interface FitOptions {
  /** The most passes over the training rows; early stopping (`patience`) may end a member sooner. */
  epochs: number;
  /**
   * Stop a member once its validation loss has not improved for this many epochs, and keep the weights of its best
   * epoch (0: train every epoch, keep the last). Needs validation rows; without them every epoch is trained.
   */
  patience: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** L2 penalty on the embedding rows a step touches. */
  l2: number;
  /** Share of each training text's n-grams dropped at every step (the rest scaled up to keep the expected sum); 0 = none. */
  tokenDropout: number;
  /** Share of the target probability spread evenly over all classes the model learns (0 = one-hot targets). */
  labelSmoothing: number;
  /** `constant` keeps the learning rate; `cosine` decays it to 0 over all steps of the run. */
  lrSchedule: LrSchedule;
  /**
   * Weight of each class's rows in the loss, by class index (absent: every row weighs 1). The trainer uses it to
   * make missing the out-of-scope label dearer (`--oos-weight`).
   */
  labelWeights?: Float32Array;
  /**
   * When the model learns more classes than labels (a label split into clusters, `label-clusters.ts`): the label each
   * class is served as. Training rows are then labelled by class, validation rows by label, and validation merges
   * the classes' probabilities first, so early stopping watches what is served.
   */
  servedAs?: Int32Array;
}

/** Learning-rate schedules the trainer knows. */
export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LrSchedule = (typeof LR_SCHEDULES)[number];

/** The learning rate of step `step` (0-based) of `total`, for a schedule. */
export function scheduledRate(schedule: LrSchedule, base: number, step: number, total: number): number {
  return schedule === 'cosine' ? (base * (1 + Math.cos((Math.PI * step) / total))) / 2 : base;
}

export interface EpochResult {
  epoch: number;
  loss: number;
  /** Validation accuracy, or NaN without a validation set. */
  valAccuracy: number;
  /** Validation loss (mean cross-entropy), or NaN without a validation set. */
  valLoss: number;
}

/** How one member's training ended. */
export interface MemberFit {
  history: EpochResult[];
  /** Epochs trained (fewer than `epochs` when early stopping ended the member). */
  epochsRun: number;
  /** The epoch whose weights the member kept: the one with the lowest validation loss, or the last without patience. */
  bestEpoch: number;
  /** Validation loss and accuracy of the kept epoch (NaN without validation rows). */
  valLoss: number;
  valAccuracy: number;
}

/** What `fitModel` may be told beyond the options every member shares. */
export interface MemberPlan {
  /** Train exactly this many epochs, with no early stopping (a refit repeating a measured member). */
  epochs?: number;
}

export interface FitCallbacks {
  /** Called before each ensemble member is trained (members are trained one after another). */
  onMember?: (member: number, members: number) => void;
  onStep?: (epoch: number, step: number, stepsPerEpoch: number, loss: number) => void;
  onEpoch?: (result: EpochResult) => void;
  /** Called when early stopping ends a member before `epochs`. */
  onEarlyStop?: (member: MemberFit) => void;
}

interface LabelledFeatures {
  features: FeatureMatrix;
  labels: Int32Array;
}

/**
 * Trains the embedding-bag model with Adam on cross-entropy, with our own seeded shuffling and per-batch padding
 * (so the same data and seed give the same weights and metrics).
 *
 * The embedding table is trained sparsely in JS ({@link SparseEmbedding}); the layers after the pooling (dropout,
 * hidden, output) are trained by tfjs, which also gives the gradient with respect to the pooled vectors.
 * The trained table is written back into the model's Embedding layer after every epoch.
 *
 * With `patience` and validation rows, the member stops once its validation loss has gone `patience` epochs without
 * a new low, and its weights are put back to that low's epoch (Keras's `EarlyStopping` with `restore_best_weights`).
 * The learning-rate schedule always spans `options.epochs`, so a member stopped early, or a refit told to train its
 * `plan.epochs`, sees the same rates at each epoch as a full run.
 */
export function fitModel(
  model: tfl.LayersModel,
  train: LabelledFeatures,
  validation: LabelledFeatures | undefined,
  options: FitOptions,
  callbacks: FitCallbacks = {},
  /** The n-gram ids this model may use (see `views.ts`); all when absent. */
  view?: Uint8Array,
  plan: MemberPlan = {},
): MemberFit {
  const embeddingLayer = model.layers.find((l) => l.getClassName() === 'Embedding');
  const pooling = model.layers.findIndex((l) => l.getClassName() === 'Dot');
  if (!embeddingLayer || pooling < 0) throw new Error('model is not an embedding bag (Embedding + Dot)');
  const head = model.layers.slice(pooling + 1);
  const headVariables = head.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  const [initial] = embeddingLayer.getWeights();
  const embedding = new SparseEmbedding(initial!.dataSync().slice() as Float32Array, initial!.shape[1]!, options);
  if (view) maskTable(embedding.table, embedding.dim, view);
  const optimizer = tf.train.adam(options.learningRate);
  // Adam reads its rate at every step; tfjs keeps the field protected but documents no setter.
  const setRate = (rate: number) => {
    (optimizer as unknown as { learningRate: number }).learningRate = rate;
    embedding.learningRate = rate;
  };

  const random = seededRandom(options.seed);
  // Its own stream, so turning token dropout on does not change the shuffling.
  const dropRandom = seededRandom(options.seed + 17);
  const order = Array.from({ length: train.features.rows }, (_, i) => i);
  const stepsPerEpoch = Math.ceil(order.length / options.batchSize);
  const history: EpochResult[] = [];
  const epochs = plan.epochs ?? options.epochs;
  const stopping =
    plan.epochs === undefined && options.patience > 0 && validation !== undefined && validation.features.rows > 0;
  let best: { epoch: number; valLoss: number; table: Float32Array; head: tf.Tensor[] } | undefined;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffleInPlace(order, random);
      let lossSum = 0;
      for (let step = 0; step < stepsPerEpoch; step++) {
        const rows = order.slice(step * options.batchSize, (step + 1) * options.batchSize);
        setRate(
          scheduledRate(
            options.lrSchedule,
            options.learningRate,
            (epoch - 1) * stepsPerEpoch + step,
            options.epochs * stepsPerEpoch,
          ),
        );
        const batch = batchOf(train.features, rows);
        if (view) maskBatch(batch, view);
        if (options.tokenDropout > 0) dropTokens(batch, options.tokenDropout, dropRandom);
        const target = Int32Array.from(rows, (r) => train.labels[r]!);
        const loss = trainStep(embedding, head, headVariables, optimizer, batch, target, options);
        lossSum += loss * rows.length;
        callbacks.onStep?.(epoch, step + 1, stepsPerEpoch, loss);
      }
      embeddingLayer.setWeights([tf.tensor2d(embedding.table, initial!.shape as [number, number])]);
      const measured = validation
        ? validationFigures([model], validation, options.servedAs)
        : { accuracy: NaN, loss: NaN };
      const result = { epoch, loss: lossSum / order.length, valAccuracy: measured.accuracy, valLoss: measured.loss };
      history.push(result);
      callbacks.onEpoch?.(result);
      if (!stopping) continue;
      if (!best || result.valLoss < best.valLoss) {
        best?.head.forEach((t) => t.dispose());
        best = {
          epoch,
          valLoss: result.valLoss,
          table: embedding.table.slice(),
          head: headVariables.map((v) => tf.keep(v.clone())),
        };
      } else if (epoch - best.epoch >= options.patience) {
        break;
      }
    }
    const epochsRun = history.length;
    if (best && best.epoch !== epochsRun) {
      embedding.table.set(best.table);
      embeddingLayer.setWeights([tf.tensor2d(embedding.table, initial!.shape as [number, number])]);
      headVariables.forEach((v, i) => v.assign(best!.head[i]!));
    }
    const bestEpoch = best?.epoch ?? epochsRun;
    const kept = history[bestEpoch - 1];
    const fit = { history, epochsRun, bestEpoch, valLoss: kept?.valLoss ?? NaN, valAccuracy: kept?.valAccuracy ?? NaN };
    if (epochsRun < epochs) callbacks.onEarlyStop?.(fit);
    return fit;
  } finally {
    optimizer.dispose();
    best?.head.forEach((t) => t.dispose());
  }
}

/** Accuracy and mean cross-entropy of the models' averaged probabilities (merged into labels) on labelled rows. */
function validationFigures(
  models: readonly tfl.LayersModel[],
  rows: LabelledFeatures,
  servedAs: Int32Array | undefined,
): { accuracy: number; loss: number } {
  const classes = predictProbabilities(models, rows.features);
  const probs = servedAs ? mergeClasses(classes, servedAs, Math.max(...servedAs) + 1) : classes;
  const n = rows.features.rows;
  if (n === 0) return { accuracy: NaN, loss: NaN };
  const labels = probs.length / n;
  let correct = 0;
  let loss = 0;
  for (let r = 0; r < n; r++) {
    let argmax = 0;
    for (let c = 1; c < labels; c++) if (probs[r * labels + c]! > probs[r * labels + argmax]!) argmax = c;
    const truth = rows.labels[r]!;
    if (argmax === truth) correct++;
    loss -= Math.log(Math.min(1, Math.max(1e-7, probs[r * labels + truth]!)));
  }
  return { accuracy: correct / n, loss: loss / n };
}

/** Unique names for the per-step pooled variables (tfjs variable names must be unique). */
let stepCounter = 0;

/**
 * N-gram (token) dropout: zeroes each n-gram of the batch with probability `rate` and scales the kept ones by
 * `1 / (1 - rate)`, so a text's pooled vector keeps its expected value (as Dropout does) while the model learns not to
 * lean on any single n-gram.
 */
export function dropTokens(batch: PaddedBatch, rate: number, random: () => number): void {
  const keep = 1 / (1 - rate);
  const { weights } = batch;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    weights[i] = random() < rate ? 0 : weights[i]! * keep;
  }
}

function trainStep(
  embedding: SparseEmbedding,
  head: tfl.layers.Layer[],
  headVariables: tf.Variable[],
  optimizer: tf.Optimizer,
  batch: PaddedBatch,
  labels: Int32Array,
  { labelSmoothing, labelWeights }: Pick<FitOptions, 'labelSmoothing' | 'labelWeights'>,
): number {
  const pooledValues = embedding.pool(batch);
  const { loss, dPooled } = tf.tidy(() => {
    const pooled = tf.variable(
      tf.tensor2d(pooledValues, [batch.batch, embedding.dim]),
      true,
      `pooled_step_${++stepCounter}`,
    );
    const classes = labelCount(head);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
    const target = labelSmoothing > 0 ? tf.add(tf.mul(oneHot, 1 - labelSmoothing), labelSmoothing / classes) : oneHot;
    const rowWeights = labelWeights ? tf.tensor1d(Float32Array.from(labels, (l) => labelWeights[l]!)) : undefined;
    const { value, grads } = tf.variableGrads(() => {
      let x: tf.Tensor = pooled;
      for (const layer of head) x = layer.apply(x, { training: true }) as tf.Tensor;
      const rowLoss = tf.neg(tf.sum(tf.mul(target, tf.log(tf.clipByValue(x, 1e-7, 1))), 1));
      return tf.mean(rowWeights ? tf.mul(rowLoss, rowWeights) : rowLoss) as tf.Scalar;
    }, [pooled, ...headVariables]);
    const headGrads: Record<string, tf.Tensor> = {};
    for (const v of headVariables) headGrads[v.name] = grads[v.name]!;
    optimizer.applyGradients(headGrads);
    const result = { loss: value.dataSync()[0]!, dPooled: grads[pooled.name]!.dataSync() as Float32Array };
    pooled.dispose();
    return result;
  });
  embedding.update(batch, dPooled);
  return loss;
}

function labelCount(head: tfl.layers.Layer[]): number {
  const last = head[head.length - 1]!;
  return (last.getConfig().units as number) ?? 0;
}

/**
 * Label probabilities of every row, row-major `[rows, labels]`, averaged over the given models (the members of an
 * ensemble, or one model). Each model must be an embedding bag; its pooling runs in JavaScript as when serving
 * (tfjs's gather costs seconds per epoch on a few thousand rows) and its head through tfjs-layers.
 */
export function predictProbabilities(
  models: readonly tfl.LayersModel[],
  features: FeatureMatrix,
  batchSize = 512,
): Float32Array {
  let out: Float32Array | undefined;
  for (const model of models) {
    const embeddingLayer = model.layers.find((l) => l.getClassName() === 'Embedding')!;
    const pooling = model.layers.findIndex((l) => l.getClassName() === 'Dot');
    const head = model.layers.slice(pooling + 1);
    const [table] = embeddingLayer.getWeights();
    const values = table!.dataSync() as Float32Array;
    const dim = table!.shape[1]!;
    for (let start = 0; start < features.rows; start += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, features.rows - start) }, (_, i) => start + i);
      const pooled = poolEmbeddings(values, dim, batchOf(features, rows));
      const probs = tf.tidy(() => {
        let x: tf.Tensor = tf.tensor2d(pooled, [rows.length, dim]);
        for (const layer of head) x = layer.apply(x, { training: false }) as tf.Tensor;
        return x.dataSync() as Float32Array;
      });
      out ??= new Float32Array(features.rows * (probs.length / rows.length));
      const offset = start * (probs.length / rows.length);
      for (let i = 0; i < probs.length; i++) out[offset + i]! += probs[i]! / models.length;
    }
  }
  return out ?? new Float32Array(0);
}

/** The index of the highest value of each row of a row-major `[rows, columns]` block (the first on a tie). */
export function argmaxRows(probs: Float32Array, rows: number): Int32Array {
  const labels = rows > 0 ? probs.length / rows : 0;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < labels; c++) if (probs[r * labels + c]! > probs[r * labels + best]!) best = c;
    out[r] = best;
  }
  return out;
}
