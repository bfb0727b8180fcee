/**
 * The contract between the model side (`lib/model/`) and the HTTP side (`lib/http/`, `handlers/`).
 * The HTTP side only ever sees these types; how the bundle is stored, preprocessed and run stays behind them.
 */

import type { AbstainPolicy } from './abstain/policy';

/** One label and the probability the model gives it. */
export interface LabelScore {
  label: string;
  score: number;
}

/** The prediction for one text: the best label and the `topK` best, highest score first. */
export interface Prediction {
  label: string;
  score: number;
  top: LabelScore[];
}

/** What identifies the bundle being served. */
export interface ModelInfo {
  name: string;
  version: string;
  /** Labels in the model's output order. */
  labels: string[];
  /** sha256 (hex) of the bundle's `manifest.json`, which itself pins the sha256 of every other file. */
  sha256: string;
  /** The bundle's calibrated abstention (manifest `abstain`); absent for bundles that carry none. */
  abstain?: AbstainPolicy;
}

/** A loaded model, ready to answer. */
export interface Classifier {
  readonly info: ModelInfo;
  /**
   * Classifies every text in one vectorised prediction (never a loop of single predictions).
   * Results come back in input order. `topK` is clamped to `[1, labels.length]`.
   */
  classify(texts: readonly string[], topK: number): Prediction[];
  /** Frees every tensor the classifier holds. */
  dispose(): void;
}
