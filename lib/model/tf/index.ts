/**
 * tfjs for training, evaluation and tests: tfjs-core and the cpu backend (`core.ts`) plus tfjs-layers, which builds, trains
 * and loads whole layers models. The service itself never imports this module (see `load-classifier.ts`).
 */
import * as tfl from '@tensorflow/tfjs-layers';

export * from './core';
export { tfl };
