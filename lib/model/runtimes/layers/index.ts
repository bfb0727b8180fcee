import { tf } from '../../tf/core';
import { SERVING_CPU_KERNELS } from '../../tf/cpu-serving';
import type { Runtime } from '../runtime';

/**
 * The generic runtime: any model tfjs-layers can build (Sequential or Functional; Embedding, LSTM, GRU, Bidirectional,
 * Conv1D, pooling, normalisation, Dense...). It says "mine" to every bundle, so it goes last in the list.
 *
 * tfjs-layers is imported only when a bundle needs it (dynamic import), so serving the trainer's models never runs
 * its module code, and in the Lambda bundle it takes the already loaded tfjs-core from a global instead of
 * importing it, so the rest of the bundle stays free of lazy-initialisation wrappers.
 */
export const layers: Runtime = {
  name: 'layers',
  plan({ artifacts }) {
    return {
      runtime: 'layers',
      load: async () => {
        await registerAllCpuKernels();
        const { loadLayersRunner } = await import('./runner');
        return loadLayersRunner(artifacts, tf);
      },
    };
  },
};

/**
 * Registers every cpu kernel once (a layers model may run any of them). The serving few are dropped first so tfjs does
 * not warn that they exist already; skipped where they are all there (tooling and tests import `tf/index.ts`).
 */
async function registerAllCpuKernels(): Promise<void> {
  if (tf.getKernel('Slice', 'cpu')) return;
  for (const { kernelName } of SERVING_CPU_KERNELS) if (tf.getKernel(kernelName, 'cpu')) tf.unregisterKernel(kernelName, 'cpu');
  await import('./all-cpu-kernels');
}
