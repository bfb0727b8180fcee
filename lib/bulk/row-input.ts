import { isTextTooLong } from '../http/limits';
import type { ClassifierInput, InputInfo } from '../model/types';

/** A row as a file holds it: column -> value (strings from CSV, any JSON value from JSON Lines). */
export type RowValues = Readonly<Record<string, unknown>>;

/** What a row gives the classifier, or why it cannot be classified (a message for the output's `error` column). */
export type RowInput = { input: ClassifierInput } | { error: string };

/**
 * Reads the classifier's input from one row, with the API's rules: a text model takes the text column, which must
 * hold a non-blank string of at most `maxTextChars` code points; a features model takes each feature column by name,
 * a finite number (a JSON number, or a decimal string as CSV holds it). Other columns are ignored.
 *
 * @example
 * rowInput({ id: '7', text: 'my card' }, undefined, 'text', 2000);              // { input: 'my card' }
 * rowInput({ age: '41', income: 'n/a' }, { kind: 'features', features: ['age', 'income'] }, 'text', 2000);
 * // { error: 'feature income must be a number, got "n/a"' }
 */
export function rowInput(
  values: RowValues,
  input: InputInfo | undefined,
  textColumn: string,
  maxTextChars: number,
): RowInput {
  if (input?.kind === 'features') return featuresOf(values, input.features ?? []);
  const text = values[textColumn];
  if (text === undefined || text === null) return { error: `${textColumn} is missing` };
  if (typeof text !== 'string') return { error: `${textColumn} must be a string` };
  if (!/\S/.test(text)) return { error: `${textColumn} is empty` };
  if (isTextTooLong(text, maxTextChars)) return { error: `${textColumn} is longer than ${maxTextChars} characters` };
  return { input: text };
}

function featuresOf(values: RowValues, names: readonly string[]): RowInput {
  const numbers: number[] = [];
  for (const name of names) {
    const value = values[name];
    if (value === undefined || value === null || value === '') return { error: `feature ${name} is missing` };
    const number =
      typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isFinite(number))
      return { error: `feature ${name} must be a number, got ${JSON.stringify(shorten(value))}` };
    numbers.push(number);
  }
  return { input: numbers };
}

/** A plain decimal as a spreadsheet writes one; not Number()'s "0x1f", "1_000" or "" (which it reads as 0). */
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function shorten(value: unknown): unknown {
  return typeof value === 'string' && value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
