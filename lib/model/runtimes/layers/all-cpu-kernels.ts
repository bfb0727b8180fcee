/**
 * Every cpu kernel tfjs has, registered when the generic runtime first loads a model: the serving core registers
 * only the embedding-bag head's few (`tf/cpu-serving.ts`). Imported lazily, like `runner.ts`, so the default model's
 * cold start never evaluates it; in a Lambda bundle its tfjs-core is the shared instance (`tf/share-core.ts`).
 */
import '@tensorflow/tfjs-backend-cpu/dist/register_all_kernels';
