import { tf, type tfl } from '../../lib/model/tf/index';
import { UsageError } from './errors';
import type { FitCallbacks } from './fit';

/**
 * Stochastic weight averaging over epochs (`--average-epochs N`): the weights a member ends with are the mean of its
 * weights at the end of each of its last `N` epochs instead of the last epoch's alone. Plain SGD/Adam at a constant
 * rate ends wherever the last batches left it; the mean of a few epoch-end points sits nearer the middle of the
 * basin they wander in, which tends to generalise a little better and costs no extra training steps.
 *
 * Works on any layers model through `getWeights`/`setWeights`, so it needs nothing from `fitModel` but its
 * `onEpoch` callback, which runs after the epoch's embedding table is written back into the model. Rows a member's
 * view keeps at 0 are 0 in every snapshot, so they stay exactly 0 in the mean.
 */
export class EpochWeightAverager {
  private sums?: Float32Array[];
  private shapes: number[][] = [];
  private count = 0;

  /** Averages the snapshots of epochs `epochs - last + 1 .. epochs` (1-based); `last` 0 or 1 leaves the weights as trained. */
  constructor(
    private readonly model: tfl.LayersModel,
    private readonly epochs: number,
    private readonly last: number,
  ) {}

  /** Epochs whose end-of-epoch weights go into the mean. */
  get firstAveragedEpoch(): number {
    return Math.max(1, this.epochs - this.last + 1);
  }

  /** Call after every epoch; adds the model's current weights to the running sum once the averaging window is reached. */
  observe(epoch: number): void {
    if (this.last <= 1 || epoch < this.firstAveragedEpoch) return;
    const weights = this.model.getWeights();
    if (!this.sums) {
      this.shapes = weights.map((w) => [...w.shape]);
      this.sums = weights.map((w) => new Float32Array(w.size));
    }
    weights.forEach((w, i) => {
      const values = w.dataSync();
      const sum = this.sums![i]!;
      for (let j = 0; j < sum.length; j++) sum[j]! += values[j]!;
    });
    this.count++;
  }

  /** Snapshots summed so far. */
  get snapshots(): number {
    return this.count;
  }

  /** Writes the mean of the observed snapshots into the model (nothing observed: leaves it as it is). */
  apply(): void {
    if (!this.sums || this.count === 0) return;
    const n = this.count;
    const tensors = this.sums.map((sum, i) =>
      tf.tensor(
        sum.map((x) => x / n),
        this.shapes[i]!,
      ),
    );
    try {
      this.model.setWeights(tensors);
    } finally {
      tensors.forEach((t) => t.dispose());
    }
    this.sums = undefined;
    this.count = 0;
  }
}

/**
 * The callbacks to give `fitModel` for one member with weight averaging over its last `last` epochs, and a
 * `finish` to call after `fitModel` returns, which writes the averaged weights into the member.
 */
export function averagingEpochs(
  model: tfl.LayersModel,
  epochs: number,
  last: number,
  callbacks: FitCallbacks = {},
): { callbacks: FitCallbacks; finish: () => void } {
  const averager = new EpochWeightAverager(model, epochs, last);
  return {
    callbacks: {
      ...callbacks,
      onEpoch: (result) => {
        averager.observe(result.epoch);
        callbacks.onEpoch?.(result);
      },
    },
    finish: () => averager.apply(),
  };
}

/**
 * Refuses `--average-epochs` with early stopping: the window counts back from a member's last epoch, which is known in
 * advance only when every epoch runs (`--patience 0`).
 *
 * @throws UsageError naming both flags
 */
export function checkAveraging(options: { averageEpochs?: number; patience: number }): void {
  if ((options.averageEpochs ?? 0) > 1 && options.patience > 0) {
    throw new UsageError(
      `--average-epochs ${options.averageEpochs} needs --patience 0: it averages a member's last epochs, which early stopping leaves unknown until it stops`,
    );
  }
}
