import { inputKindOf } from '../../bundle/served-manifest';
import { tf } from '../../tf/core';
import type { Runtime } from '../runtime';
import { embeddingBagPlan } from './plan';
import { createEmbeddingBagRunner } from './runner';

/**
 * The fast path for the trainer's model family: n-gram input and an Embedding + Dot + Dense topology. Runs without
 * tfjs-layers (see `runner.ts`).
 */
export const embeddingBag: Runtime = {
  name: 'embedding-bag',
  plan({ manifest, artifacts }) {
    if (inputKindOf(manifest) !== 'ngrams') return undefined;
    const plan = embeddingBagPlan(artifacts.modelTopology);
    if (!plan) return undefined;
    return {
      runtime: 'embedding-bag',
      load: async () => createEmbeddingBagRunner(plan, tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs ?? [])),
    };
  },
};
