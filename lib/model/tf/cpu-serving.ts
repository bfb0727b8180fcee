/**
 * The cpu backend with only the kernels the serving runtimes run, instead of the ~170 that
 * `@tensorflow/tfjs-backend-cpu` registers on import: bundled, the full set is about 120 KB of code that every
 * cold start parses and evaluates, for kernels a request never reaches (see `npm run bench`, module evaluation).
 *
 * A runtime that needs more (tfjs-layers models, training) imports `./cpu-all-kernels` (as `./index.ts` does).
 * A kernel missing here fails loudly ("Kernel 'X' not registered for backend 'cpu'"), at the model's warm-up
 * prediction during init, never silently.
 */
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
// Registers the 'cpu' backend itself (no kernels).
import '@tensorflow/tfjs-backend-cpu/dist/base';
import { _fusedMatMulConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/_FusedMatMul';
import { batchMatMulConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/BatchMatMul';
import { castConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Cast';
import { identityConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Identity';
import { reshapeConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Reshape';
import { sigmoidConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Sigmoid';
import { softmaxConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Softmax';
import { tanhConfig } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Tanh';

/**
 * What the embedding-bag head runs: `fused.matMul` (with bias, relu or linear, reshaping 2-D inputs to 3-D and
 * back), the other Dense activations, and the kernels ops fall back to (unfused matMul, cast, identity).
 */
export const SERVING_CPU_KERNELS: readonly KernelConfig[] = [
  _fusedMatMulConfig,
  batchMatMulConfig,
  reshapeConfig,
  softmaxConfig,
  sigmoidConfig,
  tanhConfig,
  castConfig,
  identityConfig,
];

// Skips kernels already registered (by `./cpu-all-kernels`), so loading both never warns about duplicates.
for (const kernel of SERVING_CPU_KERNELS) if (!getKernel(kernel.kernelName, 'cpu')) registerKernel(kernel);
