import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CrossValidationMetrics } from '../../lib/model/bundle/manifest';
import type { CrossValidationResult } from './cross-validate';
import { MODEL_DEFAULTS } from './defaults';
import { UsageError } from './errors';
import type { AbstentionOptions } from './abstention';
import type { RunOptions } from './training-run';

/**
 * The settings that shape a model (and so its cross-validation figures): every modelling default, the limits, and
 * the out-of-scope label, weight and clusters (absent, and so left out of the JSON, for a run without one).
 */
const MODELLING_KEYS = [
  ...Object.keys(MODEL_DEFAULTS),
  'maxChars',
  'maxNgrams',
  'oosLabel',
  'oosWeight',
  'oosClusters',
].sort() as (keyof RunOptions | keyof AbstentionOptions)[];

/** What `--cv-out` writes: the figures, and what they were measured on, so `--cv-from` can check they still apply. */
export interface CrossValidationRecord {
  data: { name: string; rows: number };
  settings: Record<string, unknown>;
  crossValidation: CrossValidationMetrics & { seconds: number; perFold: CrossValidationResult['perFold'] };
}

/** The modelling settings of a run, in a fixed key order (for the record and for comparison). */
export function modellingSettings(options: RunOptions & AbstentionOptions): Record<string, unknown> {
  return Object.fromEntries(MODELLING_KEYS.map((key) => [key, options[key]]));
}

/** The record of one cross-validated configuration. */
export function cvRecord(
  dataPath: string,
  rows: number,
  options: RunOptions,
  cv: CrossValidationResult,
): CrossValidationRecord {
  const { folds, seed, n, accuracy, macroF1, seconds, perFold } = cv;
  return {
    data: { name: basename(dataPath), rows },
    settings: modellingSettings(options),
    crossValidation: { folds, seed, n, accuracy, macroF1, seconds, perFold },
  };
}

/** Writes one record (`--cv`) or one per configuration (`--grid`). */
export function writeCvRecords(path: string, records: CrossValidationRecord | CrossValidationRecord[]): void {
  writeFileSync(path, JSON.stringify(records, null, 2) + '\n');
}

/**
 * Finds, in a file written by `--cv-out`, the cross-validation of exactly these settings on data of this name and
 * size, for the manifest's `metrics.crossValidation`.
 *
 * @example
 * // npm run train -- --data train.csv --cv 5 --cv-out cv.json && npm run train -- --data train.csv --refit --cv-from cv.json
 * @throws UsageError when the file is unreadable or records no cross-validation of these settings on this data
 */
export function readCvRecord(
  path: string,
  dataPath: string,
  rows: number,
  options: RunOptions,
): CrossValidationMetrics {
  if (!existsSync(path)) throw new UsageError(`cross-validation file not found: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const records = (Array.isArray(json) ? json : [json]) as Partial<CrossValidationRecord>[];
  const wanted = JSON.stringify(modellingSettings(options));
  const match = records.find(
    (r) =>
      JSON.stringify(r?.settings) === wanted &&
      r?.data?.name === basename(dataPath) &&
      r.data.rows === rows &&
      r.crossValidation,
  );
  if (!match) {
    throw new UsageError(
      `${path}: no cross-validation of these settings on ${basename(dataPath)} (${rows} rows); run --cv with the same settings first`,
    );
  }
  const { folds, seed, n, accuracy, macroF1 } = match.crossValidation!;
  return { folds, seed, n, accuracy, macroF1 };
}
