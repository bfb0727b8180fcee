import { inputKindOf } from '../../bundle/served-manifest';
import { decodeWeightValues } from '../../bundle/weight-values';
import type { Runtime } from '../runtime';
import { embeddingBagPlan } from './plan';
import { createEmbeddingBagRunner } from './runner';

/**
 * The fast path for the trainer's model family: n-gram input and an Embedding + Dot + Dense topology, or an ensemble
 * of them averaged. Runs in plain JavaScript, without tfjs (see `runner.ts`).
 */
export const embeddingBag: Runtime = {
  name: 'embedding-bag',
  plan({ manifest, artifacts }) {
    if (inputKindOf(manifest) !== 'ngrams') return undefined;
    const plan = embeddingBagPlan(artifacts.modelTopology);
    if (!plan) return undefined;
    return {
      runtime: 'embedding-bag',
      load: async () => {
        // The embedding tables stay uint8 codes when stored so: pooling reads them directly (see pooling.ts).
        const tables = new Set(plan.branches.map((branch) => branch.embedding));
        const weights = decodeWeightValues(artifacts.weightData!, artifacts.weightSpecs ?? [], { keepUint8: (name) => tables.has(name) });
        return createEmbeddingBagRunner(plan, weights);
      },
    };
  },
};
