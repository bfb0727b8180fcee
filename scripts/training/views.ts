import { InvalidArgumentError } from 'commander';
import { CHAR_PREFIX, WORD_PREFIX, type PaddedBatch } from '../../lib/model/inputs/ngrams';

/** Which n-grams an ensemble member sees: all of them, only the word n-grams, or only the character n-grams. */
export const VIEWS = ['all', 'words', 'chars'] as const;
export type View = (typeof VIEWS)[number];

/**
 * The ids (`1 .. tokens.length`; 0 pads) a member with this view may use, or `undefined` for all of them.
 *
 * A member that does not see an n-gram keeps its embedding row at 0, so the served model (one Embedding + Dot per
 * member, unchanged) computes exactly what the member learnt: no new layer, no second input.
 *
 * @example
 * viewMask(['w:card', 'c:ca'], 'words') // Uint8Array [0, 1, 0]
 */
export function viewMask(tokens: readonly string[], view: View): Uint8Array | undefined {
  if (view === 'all') return undefined;
  const prefix = view === 'words' ? WORD_PREFIX : CHAR_PREFIX;
  const mask = new Uint8Array(tokens.length + 1);
  tokens.forEach((token, i) => (mask[i + 1] = token.startsWith(prefix) ? 1 : 0));
  return mask;
}

/** Zeroes the weights of the n-grams a member does not see. */
export function maskBatch(batch: PaddedBatch, mask: Uint8Array): void {
  for (let i = 0; i < batch.ids.length; i++) if (mask[batch.ids[i]!] === 0) batch.weights[i] = 0;
}

/** Zeroes the embedding rows a member does not see (row-major `[rows, dim]`). */
export function maskTable(table: Float32Array, dim: number, mask: Uint8Array): void {
  for (let id = 1; id < mask.length; id++) if (mask[id] === 0) table.fill(0, id * dim, (id + 1) * dim);
}

/** commander parser for `--views all,words,chars`. */
export function viewList(value: string): View[] {
  const views = value.split(',').map((v) => v.trim());
  const unknown = views.filter((v) => !(VIEWS as readonly string[]).includes(v));
  if (views.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(`expected a comma-separated list of ${VIEWS.join(', ')}`);
  return views as View[];
}
