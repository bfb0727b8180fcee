/**
 * The heavy half of the generic runtime, reached only through `load.ts` (see `index.ts`): never import this module
 * statically from serving code.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBatch } from '../../inputs/batch';
import type { tf as Tf } from '../../tf/core';
import type { ModelRunner } from '../runtime';
import { runTfjsBatch } from '../tfjs-batch';
import { withZeroInitializers } from './skip-initializers';

/** Runs a whole layers model with `model.predict`, inside `tf.tidy`, on each batch. */
export class LayersRunner implements ModelRunner {
  readonly outputs: number;

  constructor(
    private readonly model: tfl.LayersModel,
    private readonly tf: typeof Tf,
  ) {
    if (model.outputs.length !== 1) throw new Error(`the model has ${model.outputs.length} outputs; a classifier has one`);
    const shape = model.outputs[0]!.shape;
    const units = shape.slice(1).reduce<number>((n, d) => n * (d ?? NaN), 1);
    if (!Number.isInteger(units)) throw new Error(`the model's output shape [${shape.join(', ')}] is not fixed`);
    this.outputs = units;
  }

  run(batch: ModelBatch): Float32Array {
    const inputs = this.model.inputs;
    return runTfjsBatch(
      this.tf,
      batch,
      inputs.map((input) => input.dtype),
      (tensors) => this.model.predict(tensors.length === 1 ? tensors[0]! : tensors) as Tf.Tensor,
    );
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Builds the model from verified artifacts (`fsModelHandler`'s output) with `tf.loadLayersModel`, strict about
 * weights: every weight must find its variable and every variable its weight.
 *
 * @param tf - the initialised tfjs-core (the one tfjs-layers uses)
 * @throws Error from tfjs-layers (unknown layer class, weights that do not fit...)
 */
export async function loadLayersRunner(artifacts: Tf.io.ModelArtifacts, tf: typeof Tf): Promise<LayersRunner> {
  const served = { ...artifacts, modelTopology: withZeroInitializers(artifacts.modelTopology) };
  const model = await tfl.loadLayersModel({ load: async () => served }, { strict: true });
  try {
    return new LayersRunner(model, tf);
  } catch (error) {
    model.dispose();
    throw error;
  }
}
