/**
 * tfjs for training, evaluation and tests: the serving tfjs (`tf-core.ts`) plus tfjs-layers, which builds, trains
 * and loads whole layers models. The service itself never imports this module (see `load-classifier.ts`).
 */
import * as tfl from '@tensorflow/tfjs-layers';

export * from './tf-core';
export { tfl };
