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
        // The embedding tables and the kernels stay uint8 codes when stored so: pooling and the dense heads read them
        // directly (see pooling.ts, dense-head.ts).
        const coded = new Set(plan.branches.flatMap((branch) => [branch.embedding, ...branch.head.map((step) => step.kernel)]));
        const weights = decodeWeightValues(artifacts.weightData!, artifacts.weightSpecs ?? [], { keepUint8: (name) => coded.has(name) });
        return createEmbeddingBagRunner(plan, weights);
      },
    };
  },
};
