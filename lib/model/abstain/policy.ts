/**
 * Abstention ("I don't know"): when the score of a prediction falls under a threshold, the service answers with a
 * fallback label instead of its best guess. This file holds the vocabulary of the feature: the score methods, the
 * policy a bundle carries, and the defaults.
 */

/** The scores a threshold can apply to, computed from a prediction's probabilities (see `score.ts`). */
export const ABSTAIN_METHODS = ['max-probability', 'margin', 'best-vs-fallback'] as const;
export type AbstainMethod = (typeof ABSTAIN_METHODS)[number];

/** What abstention needs at serving time: abstain when `score(method) < threshold`, answering `label`. */
export interface AbstainPolicy {
  method: AbstainMethod;
  /** In [0, 1]; 0 never abstains (every score is >= 0). */
  threshold: number;
  /** The answer's `label` when it abstains. */
  label: string;
}

/** Defaults of abstention, declared once: the trainer's flags and the service read them from here. */
export const ABSTAIN_DEFAULTS = {
  /**
   * The fallback label of an abstained answer (Rasa says `nlu_fallback`; ours names what it means).
   * @default 'out_of_scope'
   */
  label: 'out_of_scope',
  /**
   * The share of held-out in-scope rows the calibrated threshold may reject. With out-of-scope rows it was 0.05 until
   * the simulation showed that 2% already catches 0.63-0.79 of them (0.72 on average over five seeds) at a cost of
   * 0.6-1.3 points of in-scope accuracy (docs/model-quality.md), where 5% cost up to 3.
   * @default 0.02
   */
  maxReject: 0.02,
  /**
   * With out-of-scope rows, their weight in the training loss: a data set has a few of them for a class as varied as
   * everything else, and missing one should cost more than confusing two intents (chosen on the simulation).
   * @default 5
   */
  oosWeight: 5,
  /**
   * With out-of-scope rows, how many classes they are learnt as: such rows are many topics, which one linear class
   * cannot gather; the model sums the classes back into the one label (chosen on the simulation: about 10 rows each
   * of its 100).
   * @default 10
   */
  oosClusters: 10,
  /**
   * With out-of-scope rows, how many more trainings predict the training split's rows for calibration (0: the
   * validation split alone). The 2% of ~700 validation rows is a noisy quantile: it spent 0.5-1.8 points of in-scope
   * accuracy on the simulation; read from ten times the rows, 0.3-1.3 (docs/model-quality.md).
   * @default 5
   */
  calibrationFolds: 5,
  /**
   * The score used when a threshold is given for a bundle that carries no `abstain` section.
   * @default 'max-probability'
   */
  method: 'max-probability' as AbstainMethod,
} as const;

/**
 * Whether a value is a known method name.
 *
 * @example isAbstainMethod('margin') // true
 */
export function isAbstainMethod(value: unknown): value is AbstainMethod {
  return (ABSTAIN_METHODS as readonly unknown[]).includes(value);
}
