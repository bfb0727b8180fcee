import type { DenseActivation } from './plan';

/** One Dense layer of a head, as plain arrays. */
export interface DenseLayer {
  /** The kernel one unit after the other, row-major `[units, inputs]` (Keras stores `[inputs, units]`: see {@link denseLayer}). */
  kernelByUnit: Float32Array;
  inputs: number;
  units: number;
  bias: Float32Array | undefined;
  activation: DenseActivation;
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

/**
 * A Dense layer from a Keras-layout kernel `[inputs, units]`: stores it transposed, so each unit's weights are
 * contiguous for {@link dense}'s dot products.
 */
export function denseLayer(kernel: Float32Array, inputs: number, units: number, bias: Float32Array | undefined, activation: DenseActivation): DenseLayer {
  const kernelByUnit = new Float32Array(kernel.length);
  for (let i = 0; i < inputs; i++) for (let u = 0; u < units; u++) kernelByUnit[u * inputs + i] = kernel[i * units + u]!;
  return { kernelByUnit, inputs, units, bias, activation };
}

/** Rows computed together: each weight read from memory serves four rows (about twice as fast as one row at a time). */
const ROWS_AT_ONCE = 4;

function dense(x: Float32Array, rows: number, layer: DenseLayer): Float32Array {
  const { units, activation } = layer;
  const out = new Float32Array(rows * units);
  const block = new Float64Array(ROWS_AT_ONCE * units);
  for (let r = 0; r < rows; r += ROWS_AT_ONCE) {
    const count = Math.min(ROWS_AT_ONCE, rows - r);
    // A partial block (all of a one-text request) goes row by row: padding it to four rows would do up to four
    // times the work, and a cold start runs this in the interpreter.
    if (count === ROWS_AT_ONCE) denseFourRows(x, r, layer, block);
    else for (let j = 0; j < count; j++) denseOneRow(x, r + j, layer, block, j * units);
    for (let j = 0; j < count; j++) {
      const row = block.subarray(j * units, (j + 1) * units);
      activate(row, activation);
      out.set(row, (r + j) * units);
    }
  }
  return out;
}

/** Rows `r..r+3` of `x` through the layer, before activation, into `block` (`[4, units]`). */
function denseFourRows(x: Float32Array, r: number, { kernelByUnit, inputs, units, bias }: DenseLayer, block: Float64Array): void {
  const x0 = r * inputs;
  const x1 = x0 + inputs;
  const x2 = x1 + inputs;
  const x3 = x2 + inputs;
  for (let u = 0; u < units; u++) {
    const start = bias ? bias[u]! : 0;
    let s0 = start;
    let s1 = start;
    let s2 = start;
    let s3 = start;
    const w = u * inputs;
    for (let i = 0; i < inputs; i++) {
      const weight = kernelByUnit[w + i]!;
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

/** Row `r` of `x` through the layer, before activation, into `block` from `at`. */
function denseOneRow(x: Float32Array, r: number, { kernelByUnit, inputs, units, bias }: DenseLayer, block: Float64Array, at: number): void {
  const x0 = r * inputs;
  for (let u = 0; u < units; u++) {
    let sum = bias ? bias[u]! : 0;
    const w = u * inputs;
    for (let i = 0; i < inputs; i++) sum += x[x0 + i]! * kernelByUnit[w + i]!;
    block[at + u] = sum;
  }
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
