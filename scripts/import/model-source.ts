/**
 * What the import needs to know of a converted model, whatever its format: the model.json to store, its input's
 * shape, its Embedding's rows, its output kind. `layers-source.ts` reads a layers model (every Keras layout),
 * `graph-source.ts` a graph model (a SavedModel or Keras 3 export); `readModelSource` picks by `format`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import type { KerasFix } from '../../lib/model/bundle/keras3/fixes';
import type { TopologyLayout } from '../../lib/model/bundle/keras-topology';
import type { OutputKind } from '../../lib/model/outputs/output';
import { UsageError } from '../training/errors';
import { graphSource } from './graph-source';
import { layersSource } from './layers-source';

/** The two formats of a tfjs `model.json`. */
export type ModelFormat = 'layers-model' | 'graph-model';

export interface ModelSource {
  format: ModelFormat;
  /** model.json as the bundle stores it. */
  modelJson: io.ModelJSON;
  /** How refusals name the model: the file and the layout or format it came in. */
  where: string;
  /** The layers layout found (`bundle/keras-topology.ts`); absent for a graph. */
  layout?: TopologyLayout;
  /** Keras 3 forms rewritten (layers models only). */
  kerasFixes: KerasFix[];
  /** Layers, or graph nodes, for the summary. */
  parts: { count: number; kind: 'layers' | 'nodes' };
  /** The batch shape of each input (`null`: free). */
  inputShapes: (number | null)[][];
  /** The fewest rows of any embedding table the input's ids are looked up in, or `undefined` without one. */
  embeddingRows: number | undefined;
  /** The output kind for this many labels, or a sentence saying why it cannot be served. */
  outputKind(labels: number): OutputKind | { refused: string };
  /** A check that needs the weights beside model.json (a graph's ops, as tfjs maps them), run once they are found. */
  check?(modelDir: string): Promise<void>;
}

/**
 * Parses `model.json` of a model directory.
 *
 * @throws UsageError when it is missing, not JSON, or not a tfjs model at all
 */
export function readModelJsonFile(modelDir: string): Partial<io.ModelJSON> & Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--model ${modelDir}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no model.json in it' : 'model.json is not valid JSON'}`,
    );
  }
  const model = json as (Partial<io.ModelJSON> & Record<string, unknown>) | null;
  if (typeof model !== 'object' || model === null || !model.modelTopology || !Array.isArray(model.weightsManifest)) {
    throw new UsageError(
      `--model ${modelDir}: model.json is not a tfjs model (no modelTopology or weightsManifest); convert with tensorflowjs_converter ` +
        '(--input_format=keras for a .h5 or .keras file, --input_format=tf_saved_model for a SavedModel)',
    );
  }
  return model;
}

/**
 * Reads a converted model's model.json as a layers or a graph model, by its `format` (pre-1.0 converters wrote none:
 * those are layers models).
 *
 * @param output - the output kind, forced (`--output`) where the model does not say
 * @throws UsageError saying what is wrong, naming the layout or format found
 */
export function readModelSource(modelDir: string, output?: OutputKind): ModelSource {
  const model = readModelJsonFile(modelDir);
  if (model.format === 'graph-model') return graphSource(model, output);
  if (model.format !== undefined && model.format !== 'layers-model') {
    throw new UsageError(
      `--model ${modelDir}: model.json has format ${JSON.stringify(model.format)}; a tfjs model is a layers-model or a graph-model`,
    );
  }
  return layersSource(model, output);
}
