import { inputKindOf } from '../../bundle/served-manifest';
import type { ServingRecord } from '../../bundle/serving';
import { decodeWeightValues, readWeightValues } from '../../bundle/weight-values';
import type { Runtime } from '../runtime';
import { recurrentPlan } from './plan';
import { createRecurrentRunner } from './runner';

/**
 * The fast path for imported sequence models of the Embedding -> LSTM -> Dense family (see `plan.ts`), run in plain
 * JavaScript without tfjs (see `runner.ts`): no tfjs to load at a cold start, no op dispatch per time step. Any
 * other topology, and a bundle imported with a forced tfjs backend, is left to the layers runtime after it.
 */
export const recurrent: Runtime = {
  name: 'recurrent',
  plan({ manifest, artifacts, weightBytes }) {
    if (inputKindOf(manifest) !== 'sequence' || artifacts.format === 'graph-model') return undefined;
    // A backend forced at import (`--backend cpu|wasm`) asks for tfjs on it: the layers runtime serves that.
    if ((manifest as { serving?: ServingRecord }).serving?.chosenBy === 'user') return undefined;
    const specs = artifacts.weightSpecs ?? [];
    const plan = recurrentPlan(artifacts.modelTopology, specs.map((s) => s.name));
    if (!plan) return undefined;
    return {
      runtime: 'recurrent',
      load: async () => {
        // From a proven package on disk the embedding table is read row by row as texts use its rows.
        if (!weightBytes?.lazy) return createRecurrentRunner(plan, decodeWeightValues(artifacts.weightData!, specs));
        try {
          const weights = readWeightValues(weightBytes, specs, { onDemand: (name) => name === plan.embedding.table });
          return createRecurrentRunner(plan, weights, () => weightBytes.close());
        } catch (error) {
          weightBytes.close();
          throw error;
        }
      },
    };
  },
};
