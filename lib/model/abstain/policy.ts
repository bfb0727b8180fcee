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
   * Without out-of-scope rows, the share of held-out in-scope rows the calibrated threshold rejects.
   * @default 0.02
   */
  maxReject: 0.02,
  /**
   * With out-of-scope rows, the most held-out in-scope rows the threshold may reject while it looks for the best
   * in-scope accuracy + out-of-scope recall (chosen on a simulation, see docs/training.md, "Abstention in the trainer").
   * @default 0.05
   */
  maxRejectWithOos: 0.05,
  /**
   * With out-of-scope rows, their weight in the training loss: a data set has a few of them for a class as varied as
   * everything else, and missing one should cost more than confusing two intents (chosen on the simulation).
   * @default 5
   */
  oosWeight: 5,
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
