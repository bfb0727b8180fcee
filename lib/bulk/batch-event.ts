import { SCORE_DEFAULTS, type ScoreOptions } from './options';
import type { BulkRow } from './score-rows';

/**
 * What the Distributed Map's `ItemBatcher` sends the `scoreBatch` worker: `Items`, each item as the state machine's
 * `ItemSelector` makes it (the row's index in the file and the row as the `ItemReader` read it: column -> string for
 * CSV with a header, the parsed object for JSON Lines), and `BatchInput`, the execution's input.
 */
export interface ScoreBatchEvent {
  Items: Array<{ index: number; values: Record<string, unknown> }>;
  BatchInput?: { options?: Record<string, unknown> };
}

/** The event is not a batch this worker can read; the message says what is wrong. Fails the batch, not a row. */
export class InvalidBatchError extends Error {
  override readonly name = 'InvalidBatchError';
}

/** The execution input's fields: the file's `key` (read by the state machine, not here) and the score options. */
const OPTION_FIELDS = new Set(['key', 'textColumn', 'idColumn', 'topK', 'threshold']);

/**
 * Reads a Distributed Map batch: its rows, numbered from 1 as the CLI numbers them, and the score options.
 *
 * @throws InvalidBatchError naming the first thing wrong
 */
export function readBatchEvent(event: unknown): { rows: BulkRow[]; options: ScoreOptions } {
  if (!isObject(event) || !Array.isArray(event.Items))
    throw new InvalidBatchError('the event has no "Items" array (is the ItemBatcher configured?)');
  const rows = event.Items.map((item: unknown, i): BulkRow => {
    if (!isObject(item) || !Number.isSafeInteger(item.index) || (item.index as number) < 0 || !isObject(item.values)) {
      throw new InvalidBatchError(
        `Items[${i}] must be {"index": <row index>, "values": {<column>: <value>}} (see the ItemSelector)`,
      );
    }
    return { row: (item.index as number) + 1, values: item.values };
  });
  const batchInput = event.BatchInput;
  const options = isObject(batchInput) && batchInput.options !== undefined ? batchInput.options : {};
  return { rows, options: readOptions(options) };
}

function readOptions(raw: unknown): ScoreOptions {
  if (!isObject(raw)) throw new InvalidBatchError('BatchInput.options must be an object');
  for (const name of Object.keys(raw)) {
    if (!OPTION_FIELDS.has(name))
      throw new InvalidBatchError(`unknown option "${name}"; known: ${[...OPTION_FIELDS].join(', ')}`);
  }
  const { textColumn = SCORE_DEFAULTS.textColumn, idColumn = SCORE_DEFAULTS.idColumn, topK, threshold } = raw;
  if (typeof textColumn !== 'string' || textColumn === '')
    throw new InvalidBatchError('textColumn must be a non-empty string');
  if (typeof idColumn !== 'string' || idColumn === '')
    throw new InvalidBatchError('idColumn must be a non-empty string');
  if (topK !== undefined && !(Number.isSafeInteger(topK) && (topK as number) >= 1))
    throw new InvalidBatchError('topK must be an integer >= 1');
  if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) {
    throw new InvalidBatchError('threshold must be a number from 0 to 1');
  }
  return { textColumn, idColumn, topK: topK as number | undefined, threshold: threshold as number | undefined };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
