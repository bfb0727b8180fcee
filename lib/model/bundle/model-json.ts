import type { BundleFiles } from './bundle-files';
import { dirname, join } from 'node:path';
import { kerasTopologyOf } from './keras-topology';

/** Bytes per stored weight value, by the dtype written to the weight file (after quantization, if any). */
const BYTES_PER_VALUE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

interface WeightSpec {
  shape?: unknown;
  dtype?: unknown;
  quantization?: { dtype?: unknown };
}

/**
 * Checks, without tfjs, that a verified bundle's layers `model.json` fits the rest of the bundle: its weight files are
 * pinned by the manifest, their sizes add up to what its weight specs describe, and its output layer has one unit per
 * label. `verifyBundle` runs it, so `/health` (which never loads tfjs) fails whenever the classifier could not load.
 *
 * @param modelFile - bundle-relative path of `model.json`
 * @param files - the verified files the manifest lists (only `model.json` is read; weight files are measured)
 * @param labelCount - number of labels in the manifest
 * @param expectedUnits - units the output layer must have (one per label, or 1 for a sigmoid binary classifier)
 * @returns a client-safe reason when it does not fit, else `undefined`
 * @throws Error when `model.json` cannot be read (the caller reports it as unreadable)
 */
export function modelJsonMismatch(modelFile: string, files: Pick<BundleFiles, 'json' | 'size'>, labelCount: number, expectedUnits = labelCount): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untrusted JSON, read with optional chaining and checked value by value
  let model: any;
  try {
    model = files.json(modelFile);
  } catch (error) {
    if (error instanceof SyntaxError) return `${modelFile}: not valid JSON`;
    throw error;
  }
  const isGraph = model?.format === 'graph-model';
  const topology = isGraph ? undefined : kerasTopologyOf(model?.modelTopology);
  if ((!isGraph && !topology) || !Array.isArray(model?.weightsManifest)) {
    return `${modelFile}: not a layers or graph model (no topology or weights manifest)`;
  }
  const base = dirname(modelFile);
  for (const group of model.weightsManifest as Array<{ paths?: unknown; weights?: unknown }>) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) return `${modelFile}: malformed weightsManifest`;
    let stored = 0;
    for (const path of group.paths) {
      const size = files.size(join(base, String(path)));
      if (size === undefined) return `${modelFile}: weight file ${String(path)} is not listed in the manifest`;
      stored += size;
    }
    const expected = (group.weights as WeightSpec[]).reduce((sum, spec) => sum + specBytes(spec), 0);
    if (!Number.isFinite(expected) || expected !== stored) {
      return `${modelFile}: weights hold ${stored} bytes but the model describes ${expected}`;
    }
  }
  // A graph model's output width is known only once tfjs has built it (the runtime checks it then).
  if (!topology) return undefined;
  const outputName = (topology.config.output_layers as unknown[][] | undefined)?.[0]?.[0];
  const wrong = outputUnits(topology.config.layers, outputName).find((units) => units !== expectedUnits);
  if (wrong !== undefined) return `${modelFile}: ${wrong} outputs but the manifest lists ${labelCount} labels`;
  return undefined;
}

/**
 * The widths that make up a layer's output: its `units`, or, for a layer without units that merges or passes its
 * inputs through (an ensemble's `Average`, a `Dropout`), the units of the layers feeding it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- layers of the untrusted model.json above
function outputUnits(layers: any[], name: unknown, depth = 0): number[] {
  const layer = layers.find((l: { name?: unknown }) => l?.name === name);
  const units = layer?.config?.units;
  if (typeof units === 'number') return [units];
  const inbound = layer?.inbound_nodes?.[0];
  if (depth > 8 || !Array.isArray(inbound)) return [];
  return inbound.flatMap((entry: unknown) => (Array.isArray(entry) ? outputUnits(layers, entry[0], depth + 1) : []));
}

function specBytes(spec: WeightSpec): number {
  const values = Array.isArray(spec.shape) ? spec.shape.reduce((n: number, d: unknown) => n * Number(d), 1) : NaN;
  return values * (BYTES_PER_VALUE[String(spec.quantization?.dtype ?? spec.dtype)] ?? NaN);
}
