/**
 * What a model's last layer gives, and how that becomes one probability per label:
 * - `softmax`: already one probability per label;
 * - `sigmoid`: one unit, a binary classifier: two labels, the second is the positive one (p), the first gets 1 - p;
 * - `logits`: a linear last layer, one unit per label; softmax is applied here.
 */
export const OUTPUT_KINDS = ['softmax', 'sigmoid', 'logits'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** `manifest.output`. Trainer bundles, which have none, are `softmax`. */
export interface OutputSpec {
  kind: OutputKind;
}

/** Units the last layer must have for `labels` labels. */
export function expectedUnits(kind: OutputKind, labels: number): number {
  return kind === 'sigmoid' ? 1 : labels;
}

/**
 * Turns the last layer's raw outputs into probabilities, one per label, row-major `[rows, labels]`.
 *
 * @example
 * toProbabilities(new Float32Array([0.8]), 1, 'sigmoid'); // Float32Array [0.2, 0.8]
 */
export function toProbabilities(raw: Float32Array, rows: number, kind: OutputKind): Float32Array {
  if (kind === 'softmax') return raw;
  if (kind === 'sigmoid') {
    const out = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      out[2 * r] = 1 - raw[r]!;
      out[2 * r + 1] = raw[r]!;
    }
    return out;
  }
  const width = raw.length / rows;
  const out = new Float32Array(raw.length);
  for (let r = 0; r < rows; r++) {
    const at = r * width;
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, raw[at + j]!);
    let sum = 0;
    for (let j = 0; j < width; j++) sum += out[at + j] = Math.exp(raw[at + j]! - max);
    for (let j = 0; j < width; j++) out[at + j]! /= sum;
  }
  return out;
}

/**
 * Reads the output kind from the last layer's class, activation and units (used by the import).
 *
 * @returns the kind, or a sentence saying what was found and why it cannot be served
 */
export function outputKindOf(layer: { name: string; className: string; activation: unknown; units: number | undefined }, labels: number): OutputKind | { refused: string } {
  const activation = layer.activation ?? 'linear';
  const found = `the last layer (${layer.name}, ${layer.className}) has ${layer.units ?? 'an unknown number of'} unit(s) and activation ${JSON.stringify(activation)}`;
  const kind: OutputKind | undefined =
    activation === 'softmax' ? 'softmax' : activation === 'sigmoid' ? 'sigmoid' : activation === 'linear' ? 'logits' : undefined;
  if (!kind) return { refused: `${found}: expected softmax, a single sigmoid unit, or linear (logits)` };
  if (kind === 'sigmoid' && layer.units !== 1) {
    return { refused: `${found}: a sigmoid output must be one unit (a binary classifier); several sigmoid units (multi-label) are not supported` };
  }
  const units = expectedUnits(kind, labels);
  if (layer.units !== undefined && layer.units !== units) {
    return { refused: `${found}, but ${labels} labels were given (expected ${units} unit${units === 1 ? '' : 's'})` };
  }
  if (kind === 'sigmoid' && labels !== 2) return { refused: `${found}, a binary classifier: give exactly 2 labels (negative, then positive)` };
  return kind;
}
