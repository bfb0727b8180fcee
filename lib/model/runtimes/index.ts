import type { ReadBundle } from './read-bundle';
import { embeddingBag } from './embedding-bag';
import { graph } from './graph';
import { layers } from './layers';
import { recurrent } from './recurrent';
import type { Runtime, RuntimePlan } from './runtime';

export type { Runtime, RuntimePlan, ModelRunner } from './runtime';

/**
 * The runtimes, asked in this order whether a bundle is theirs: the trainer's fast path first, then the plain-JS
 * path for Embedding -> LSTM -> Dense sequence models, then graph models (by their format), then the generic layers
 * one, which takes anything. A new runtime goes in its own folder here and
 * in this list; nothing registers itself.
 */
export const RUNTIMES: readonly Runtime[] = [embeddingBag, recurrent, graph, layers];

/**
 * The first runtime that says a bundle is its own.
 *
 * @param runtimes - the list to ask (tests pass `[layers]` to compare against the fast path)
 * @throws Error when none does (never with the default list, whose last runtime takes anything)
 */
export function chooseRuntime(bundle: ReadBundle, runtimes: readonly Runtime[] = RUNTIMES): RuntimePlan {
  for (const runtime of runtimes) {
    const plan = runtime.plan(bundle);
    if (plan) return plan;
  }
  throw new Error(`no runtime serves this bundle (asked ${runtimes.map((r) => r.name).join(', ')})`);
}
