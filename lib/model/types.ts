/**
 * The contract between the model side (`lib/model/`) and the HTTP side (`lib/http/`, `handlers/`).
 * The HTTP side only ever sees these types; how the bundle is stored, preprocessed and run stays behind them.
 */
import type { AbstainPolicy } from './abstain/policy';
import type { InputKind } from './inputs/kinds';
import type { InputParts } from './inputs/parts';

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

/** Feature values of one row: by name, or in the model's feature order. */
export type FeatureValues = Readonly<Record<string, number>> | readonly number[];

/** What one prediction is made from: a text for text models, feature values for feature models. */
export type ClassifierInput = string | FeatureValues;

/** What a model takes, as `/health` shows it and the routes check requests against it. */
export interface InputInfo {
  kind: InputKind;
  /** Feature names in model order (`features` models only). */
  features?: string[];
}

/** What identifies the bundle being served. */
export interface ModelInfo {
  name: string;
  version: string;
  /** Labels in the model's output order. */
  labels: string[];
  /** sha256 (hex) of the bundle's `manifest.json`, which itself pins the sha256 of every other file. */
  sha256: string;
  /** What the model takes; absent means text (the trainer's n-grams). */
  input?: InputInfo;
  /** The bundle's calibrated abstention (manifest `abstain`); absent for bundles that carry none. */
  abstain?: AbstainPolicy;
  /** A few texts from the bundle's `samples`, one per label (see `exampleTexts`); absent when it carries none. */
  examples?: string[];
}

/** A loaded model, ready to answer. */
export interface Classifier {
  readonly info: ModelInfo;
  /**
   * Classifies every input in one vectorised prediction (never a loop of single predictions): texts, or feature
   * values for a features model (see `info.input`). Results come back in input order. `topK` is clamped to
   * `[1, labels.length]`.
   */
  classify(inputs: readonly ClassifierInput[], topK: number): Prediction[];
  /**
   * The parts of one input an explanation weighs (a text's words, a model's features), each with the input that
   * has it occluded, at most `limit` of them. Absent: this model cannot explain (see `lib/model/explain/`).
   */
  parts?(input: ClassifierInput, limit: number): InputParts;
  /** Frees every tensor the classifier holds. */
  dispose(): void;
}
