import { classifyWithAbstention, policyInForce } from '../model/abstain';
import { InputValueError } from '../model/inputs/preparer';
import type { Classifier, ClassifierInput, LabelScore } from '../model/types';
import type { ScoreOptions } from './options';
import { rowInput, type RowValues } from './row-input';

/** One row of a file: its 1-based number among the data rows (header excluded) and its columns. */
export interface BulkRow {
  row: number;
  values: RowValues;
}

/**
 * The answer for one row: as `POST /classify/batch` answers an item (label, score, abstained, and `top` when asked
 * for), or `error` when the row cannot be classified. `id` is the id column's value when the row has one.
 */
export interface ScoredRow {
  row: number;
  id?: unknown;
  label?: string;
  score?: number;
  abstained?: boolean;
  top?: LabelScore[];
  error?: string;
}

/** {@link ScoreOptions} plus the service limits that also bound the API (`lib/config.ts`). */
export interface ScoreSettings extends ScoreOptions {
  /** `MAX_TEXT_CHARS`: a longer text is answered with an error, as the API answers it with a 413. */
  maxTextChars: number;
  /** `ABSTAIN_THRESHOLD`, the stage's threshold; `threshold` overrides it, as a request's does. */
  stageThreshold?: number;
}

/**
 * Scores rows with one vectorised prediction: the one function behind `npm run score`'s workers and the `scoreBatch`
 * Lambda, so a file gets the answers `POST /classify/batch` gives for the same texts. Rows that cannot be classified
 * are answered with an `error` instead of failing the others; results come back in the rows' order.
 *
 * @example
 * scoreRows(classifier, [{ row: 1, values: { id: 'a', text: 'my card' } }, { row: 2, values: { text: ' ' } }], settings);
 * // [{ row: 1, id: 'a', label: 'card_arrival', score: 0.91, abstained: false }, { row: 2, error: 'text is empty' }]
 */
export function scoreRows(classifier: Classifier, rows: readonly BulkRow[], settings: ScoreSettings): ScoredRow[] {
  const { info } = classifier;
  const read: ({ input: ClassifierInput } | { error: string })[] = rows.map(({ values }) =>
    rowInput(values, info.input, settings.textColumn, settings.maxTextChars),
  );
  const { policy } = policyInForce(info.abstain, settings.stageThreshold, settings.threshold);
  let inputs: ClassifierInput[];
  let predictions: ReturnType<typeof classifyWithAbstention>;
  for (;;) {
    const positions = read.flatMap((item, index) => ('input' in item ? [index] : []));
    inputs = positions.map((index) => (read[index] as { input: ClassifierInput }).input);
    try {
      // Without --top-k only the best label is needed; the abstention policy asks for more itself when it must.
      predictions = inputs.length > 0 ? classifyWithAbstention(classifier, inputs, settings.topK ?? 1, policy) : [];
      break;
    } catch (error) {
      // A value the model cannot take (a feature that overflows float32 once standardised) fails its own row only.
      if (!(error instanceof InputValueError)) throw error;
      read[positions[error.row]!] = { error: `feature ${error.feature.name} ${error.message}` };
    }
  }
  if (predictions.length !== inputs.length) throw new Error('the classifier returned the wrong number of predictions');

  let next = 0;
  return rows.map(({ row, values }, index): ScoredRow => {
    const scored: ScoredRow = { row };
    if (Object.prototype.hasOwnProperty.call(values, settings.idColumn)) scored.id = values[settings.idColumn];
    const item = read[index]!;
    if ('error' in item) return { ...scored, error: item.error };
    const { label, score, abstained, top } = predictions[next++]!;
    return settings.topK === undefined
      ? { ...scored, label, score, abstained }
      : { ...scored, label, score, abstained, top };
  });
}
