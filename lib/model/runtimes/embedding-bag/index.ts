import { inputKindOf } from '../../bundle/served-manifest';
import { decodeWeightValues, readWeightValues } from '../../bundle/weight-values';
import type { Runtime } from '../runtime';
import { embeddingBagPlan } from './plan';
import { createEmbeddingBagRunner } from './runner';

/**
 * The fast path for the trainer's model family: n-gram input and an Embedding + Dot + Dense topology, or an ensemble
 * of them averaged. Runs in plain JavaScript, without tfjs (see `runner.ts`).
 */
export const embeddingBag: Runtime = {
  name: 'embedding-bag',
  plan({ manifest, artifacts, weightBytes }) {
    if (inputKindOf(manifest) !== 'ngrams') return undefined;
    const plan = embeddingBagPlan(artifacts.modelTopology);
    if (!plan) return undefined;
    return {
      runtime: 'embedding-bag',
      load: async () => {
        // The embedding tables and the kernels stay uint8 codes when stored so: pooling and the dense heads read them
        // directly (see pooling.ts, dense-head.ts).
        const coded = new Set([
          ...plan.branches.flatMap((branch) => [branch.embedding, ...branch.head.map((step) => step.kernel)]),
          ...plan.afterAverage.map((step) => step.kernel),
        ]);
        const options = { keepUint8: (name: string) => coded.has(name) };
        // From a proven package on disk the tables are read row by row as texts use them: a text needs a few hundred
        // of their rows, and reading all 4.9 MB cost ~7 ms of every cold start.
        const tables = new Set(plan.branches.map((branch) => branch.embedding));
        if (!weightBytes?.lazy) return createEmbeddingBagRunner(plan, decodeWeightValues(artifacts.weightData!, artifacts.weightSpecs ?? [], options));
        try {
          const weights = readWeightValues(weightBytes, artifacts.weightSpecs ?? [], { ...options, onDemand: (name) => tables.has(name) });
          return createEmbeddingBagRunner(plan, weights, () => weightBytes.close());
        } catch (error) {
          weightBytes.close();
          throw error;
        }
      },
    };
  },
};
