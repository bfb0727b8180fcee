import type { Affine } from '../../bundle/weight-values';
import type { DenseActivation } from './plan';

/**
 * One Dense layer of a head, as plain arrays. The kernel stays as the weights file stores it, Keras's `[inputs,
 * units]` layout and, when quantized, its uint8 codes (`value = code * scale + min`, tfjs's affine uint8): building a
 * layer copies and decodes nothing, which a cold start would run in the interpreter.
 */
export interface DenseLayer {
  /** Row-major `[inputs, units]`: values, or uint8 codes when {@link affine} is set. */
  kernel: Float32Array | Uint8Array;
  /** For a quantized kernel: the value of code `q` is `q * scale + min`. */
  affine: Affine | undefined;
  inputs: number;
  units: number;
  bias: Float32Array | undefined;
  activation: DenseActivation;
  /** The kernel transposed to `[units, inputs]` for the four-rows-at-once dot products; made at the first batch. */
  kernelByUnit?: Float32Array | Uint8Array;
}

/**
 * Runs a stack of Dense layers on a row-major `[rows, width]` block, in plain JavaScript: `x·kernel + bias`, then the
 * layer's activation. The heads the trainer writes are small (a few dozen inputs, one output per label), so a tfjs
 * call costs more than the arithmetic, and this way the fast path never loads tfjs at all (see `runner.ts`).
 *
 * @returns row-major `[rows, last layer's units]`
 * @example runDenseLayers(pooled, 2, head) // Float32Array of 2 * head.at(-1).units probabilities
 */
export function runDenseLayers(input: Float32Array, rows: number, layers: readonly DenseLayer[]): Float32Array {
  let x = input;
  for (const layer of layers) x = dense(x, rows, layer);
  return x;
}

/**
 * Runs several heads, each on its own `[rows, width]` block, and averages their outputs (summed in order, then
 * scaled, as tfjs-layers' `Average` does).
 *
 * @param inputs - one row-major `[rows, width]` block per head
 * @returns row-major `[rows, units of the heads' last layer]`
 */
export function runAveragedHeads(inputs: readonly Float32Array[], rows: number, heads: readonly (readonly DenseLayer[])[]): Float32Array {
  if (heads.length === 1) return runDenseLayers(inputs[0]!, rows, heads[0]!);
  const sum = new Float64Array(rows * heads[0]!.at(-1)!.units);
  heads.forEach((layers, h) => {
    const out = runDenseLayers(inputs[h]!, rows, layers);
    for (let i = 0; i < sum.length; i++) sum[i]! += out[i]!;
  });
  const mean = new Float32Array(sum.length);
  for (let i = 0; i < sum.length; i++) mean[i] = sum[i]! / heads.length;
  return mean;
}

/** A Dense layer over a Keras-layout kernel `[inputs, units]` (float values, or uint8 codes with their `affine`). */
export function denseLayer(
  kernel: Float32Array | Uint8Array,
  inputs: number,
  units: number,
  bias: Float32Array | undefined,
  activation: DenseActivation,
  affine?: Affine,
): DenseLayer {
  if (kernel instanceof Uint8Array && !affine) throw new Error('a uint8 kernel needs its scale and min');
  return { kernel, affine, inputs, units, bias, activation };
}

/** Rows computed together: each weight read from memory serves four rows (about twice as fast as one row at a time). */
const ROWS_AT_ONCE = 4;

/**
 * `x·kernel + bias` then the activation. With a quantized kernel, `Σ_i x_i·(q_iu·scale + min)` is computed as
 * `scale·Σ_i x_i·q_iu + min·Σ_i x_i`: one scale and offset per output, none per weight.
 */
function dense(x: Float32Array, rows: number, layer: DenseLayer): Float32Array {
  const { inputs, units } = layer;
  const out = new Float32Array(rows * units);
  const block = new Float64Array(ROWS_AT_ONCE * units);
  for (let r = 0; r < rows; r += ROWS_AT_ONCE) {
    const count = Math.min(ROWS_AT_ONCE, rows - r);
    // A partial block (all of a one-text request) goes row by row over the stored layout: padding it to four rows
    // would do up to four times the work, and a cold start runs this in the interpreter.
    if (count === ROWS_AT_ONCE) denseFourRows(x, r * inputs, layer, block);
    else for (let j = 0; j < count; j++) denseOneRow(x, (r + j) * inputs, layer, block, j * units);
    for (let j = 0; j < count; j++) {
      const row = block.subarray(j * units, (j + 1) * units);
      finish(row, x, (r + j) * inputs, layer);
      out.set(row, (r + j) * units);
    }
  }
  return out;
}

/** Rows `x[x0..]` to `x[x0 + 4·inputs..]` times the kernel (before scale, offset and bias) into `block` (`[4, units]`). */
function denseFourRows(x: Float32Array, x0: number, layer: DenseLayer, block: Float64Array): void {
  const { inputs, units } = layer;
  const byUnit = (layer.kernelByUnit ??= transpose(layer.kernel, inputs, units));
  const x1 = x0 + inputs;
  const x2 = x1 + inputs;
  const x3 = x2 + inputs;
  for (let u = 0; u < units; u++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const w = u * inputs;
    for (let i = 0; i < inputs; i++) {
      const weight = byUnit[w + i]!;
      s0 += x[x0 + i]! * weight;
      s1 += x[x1 + i]! * weight;
      s2 += x[x2 + i]! * weight;
      s3 += x[x3 + i]! * weight;
    }
    block[u] = s0;
    block[units + u] = s1;
    block[2 * units + u] = s2;
    block[3 * units + u] = s3;
  }
}

/** One row `x[x0..]` times the kernel (before scale, offset and bias) into `block` from `at`, in the kernel's own layout. */
function denseOneRow(x: Float32Array, x0: number, { kernel, inputs, units }: DenseLayer, block: Float64Array, at: number): void {
  block.fill(0, at, at + units);
  for (let i = 0; i < inputs; i++) {
    const xi = x[x0 + i]!;
    const k = i * units;
    for (let u = 0; u < units; u++) block[at + u]! += xi * kernel[k + u]!;
  }
}

/** Turns one row of raw products into the layer's output: scale and offset (quantized kernel), bias, activation. */
function finish(row: Float64Array, x: Float32Array, x0: number, { affine, inputs, bias, activation }: DenseLayer): void {
  if (affine) {
    let sum = 0;
    for (let i = 0; i < inputs; i++) sum += x[x0 + i]!;
    const offset = affine.min * sum;
    for (let u = 0; u < row.length; u++) row[u] = affine.scale * row[u]! + offset;
  }
  if (bias) for (let u = 0; u < row.length; u++) row[u]! += bias[u]!;
  activate(row, activation);
}

function transpose<T extends Float32Array | Uint8Array>(kernel: T, inputs: number, units: number): T {
  const byUnit = new (kernel.constructor as { new (length: number): T })(kernel.length);
  for (let i = 0; i < inputs; i++) for (let u = 0; u < units; u++) byUnit[u * inputs + i] = kernel[i * units + u]!;
  return byUnit;
}

/** Applies an activation to one row in place (softmax over the row, the others element-wise). */
function activate(row: Float64Array, activation: DenseActivation): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < row.length; i++) if (row[i]! < 0) row[i] = 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < row.length; i++) row[i] = 1 / (1 + Math.exp(-row[i]!));
      return;
    case 'tanh':
      for (let i = 0; i < row.length; i++) row[i] = Math.tanh(row[i]!);
      return;
    case 'softmax': {
      let max = -Infinity;
      for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
      let total = 0;
      for (let i = 0; i < row.length; i++) total += row[i] = Math.exp(row[i]! - max);
      for (let i = 0; i < row.length; i++) row[i]! /= total;
      return;
    }
  }
}
