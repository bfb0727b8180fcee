/**
 * tfjs for training, evaluation and tests: the serving tfjs (`core.ts`) plus tfjs-layers, which builds, trains
 * and loads whole layers models. The service itself never imports this module (see `load-classifier.ts`).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import './cpu-all-kernels';

export * from './core';
export { tfl };
