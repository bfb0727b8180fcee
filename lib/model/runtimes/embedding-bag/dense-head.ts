import type { DenseActivation } from './plan';

/** One Dense layer of a head, as plain arrays. */
export interface DenseLayer {
  /** Row-major `[inputs, units]`, as Keras stores it. */
  kernel: Float32Array;
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

function dense(x: Float32Array, rows: number, { kernel, inputs, units, bias, activation }: DenseLayer): Float32Array {
  const out = new Float32Array(rows * units);
  const acc = new Float64Array(units);
  for (let r = 0; r < rows; r++) {
    if (bias) for (let u = 0; u < units; u++) acc[u] = bias[u]!;
    else acc.fill(0);
    for (let i = 0; i < inputs; i++) {
      const xi = x[r * inputs + i]!;
      if (xi === 0) continue;
      const row = i * units;
      for (let u = 0; u < units; u++) acc[u]! += xi * kernel[row + u]!;
    }
    activate(acc, activation);
    out.set(acc, r * units);
  }
  return out;
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
