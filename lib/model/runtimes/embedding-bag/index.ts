import { inputKindOf } from '../../bundle/served-manifest';
import { decodeWeightValues } from '../../bundle/weight-values';
import { tensor, type tf } from '../../tf/core';
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
      load: async () => {
        // Our own decoder, not tf.io.decodeWeights: the bundle then keeps only the tfjs-core it calls (bench: cold start).
        const weights: tf.NamedTensorMap = {};
        for (const w of decodeWeightValues(artifacts.weightData!, artifacts.weightSpecs ?? [])) weights[w.name] = tensor(w.values, w.shape, w.dtype);
        return createEmbeddingBagRunner(plan, weights);
      },
    };
  },
};
