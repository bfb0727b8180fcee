/**
 * Every cpu kernel tfjs has, for what runs whole layers models (training, evaluation, a generic layers runtime).
 * The serving path registers only a few (`./cpu-serving.ts`); those are dropped first so tfjs's full registration
 * below does not warn that they exist already.
 */
import { getKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { SERVING_CPU_KERNELS } from './cpu-serving';

for (const { kernelName } of SERVING_CPU_KERNELS) if (getKernel(kernelName, 'cpu')) unregisterKernel(kernelName, 'cpu');
// A require, not an import: imports are hoisted, and this must run after the loop above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@tensorflow/tfjs-backend-cpu/dist/register_all_kernels');
