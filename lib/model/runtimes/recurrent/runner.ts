import type { WeightValues } from '../../bundle/weight-values';
import type { ModelBatch } from '../../inputs/batch';
import type { ModelRunner } from '../runtime';
import type { RecurrentActivation, RecurrentPlan } from './plan';

/** One LSTM layer's weights as plain arrays, Keras's layouts: kernel `[inputs, 4·units]`, gates in order i, f, c, o. */
interface LstmLayer {
  inputs: number;
  units: number;
  kernel: Float32Array;
  /** The recurrent kernel transposed to `[4·units, units]` (see {@link dotInto}). */
  recurrentByUnit: Float32Array;
  /** The input kernel transposed to `[4·units, inputs]`, for the LSTMs after the first. */
  kernelByUnit: Float32Array;
  /** The bias, or zeros. */
  bias: Float32Array;
  activation: RecurrentActivation;
  recurrentActivation: RecurrentActivation;
}

/** Every LSTM's hidden state `h` and cell state `c`, in layer order. */
interface LayerStates {
  h: Float32Array[];
  c: Float32Array[];
}

interface DenseLayer {
  inputs: number;
  units: number;
  kernel: Float32Array;
  bias: Float32Array | undefined;
  activation: RecurrentActivation;
}

/**
 * The first LSTM's input projection `embedding[id]·kernel + bias` depends only on the id, so it is computed once per
 * id a text uses (padding, the most common id, included) and kept, up to this many ids (~4 MB for a 256-wide gate
 * block); past it, ids are projected each time.
 */
const PROJECTED_IDS_KEPT = 4096;

/**
 * Runs an Embedding -> LSTM ... -> Dense model (see `plan.ts`) in plain JavaScript, row by row, exactly as tfjs-layers
 * computes it (`LSTMCell.call`: `z = x·W + h·U + b`, `i, f = σ(z_i), σ(z_f)`, `c = f·c + i·act(z_c)`, `o = σ(z_o)`,
 * `h = o·act(c)`, zero initial state), with states kept as float32 as tfjs keeps them. A batch of one is a few
 * hundred small matrix-vector products: dispatching each as a tfjs op costs more than the arithmetic, and serving
 * without tfjs means a cold start never loads it.
 */
export class RecurrentRunner implements ModelRunner {
  readonly outputs: number;
  private readonly projected = new Map<number, Float32Array>();
  /** Each LSTM's gate block, reused by every step. */
  private readonly z: Float32Array[] = [];
  /** Each LSTM's `h` and `c` after `k` steps of id 0, `k` = 0 .. `length`, for sequences of `steps` (see {@link zeroPrefixState}). */
  private prefix: { steps: number; length: number; h: Float32Array[]; c: Float32Array[] } | undefined;

  constructor(
    private readonly plan: RecurrentPlan,
    private readonly table: WeightValues,
    private readonly lstms: LstmLayer[],
    private readonly dense: DenseLayer[],
    private readonly release: () => void = () => undefined,
  ) {
    this.outputs = plan.outputs;
  }

  run(batch: ModelBatch): Float32Array {
    if (batch.inputs.length !== 1) throw new Error(`the model takes 1 input; ${batch.inputs.length} were prepared`);
    const [input] = batch.inputs;
    const { rows } = batch;
    const steps = input!.shape[1] ?? 0;
    if (input!.shape.length !== 2 || input!.values.length !== rows * steps) throw new Error(`the model takes [rows, steps] ids; got [${input!.shape.join(', ')}]`);
    const out = new Float32Array(rows * this.outputs);
    for (let row = 0; row < rows; row++) out.set(this.runRow(input!.values, row * steps, steps), row * this.outputs);
    return out;
  }

  dispose(): void {
    this.projected.clear();
    this.prefix = undefined;
    this.release();
  }

  private runRow(ids: ArrayLike<number>, at: number, steps: number): Float32Array {
    let lead = 0;
    while (lead < steps && ids[at + lead] === 0) lead++;
    const state = this.zeroPrefixState(lead, steps);
    for (let t = lead; t < steps; t++) this.advance(ids[at + t]!, state);
    let x = state.h.at(-1)!;
    for (const layer of this.dense) {
      const y = new Float32Array(layer.units);
      affine(x, 0, layer.inputs, layer.kernel, layer.bias, y);
      activate(y, layer.activation);
      x = y;
    }
    return x;
  }

  /** One time step of every LSTM, in place: the first on id `id`, each next one on the state the one before just took. */
  private advance(id: number, { h, c }: LayerStates): void {
    const [first, ...others] = this.lstms;
    const z0 = (this.z[0] ??= new Float32Array(4 * first!.units));
    z0.set(this.projection(id, first!));
    step(first!, z0, h[0]!, c[0]!);
    others.forEach((layer, i) => {
      const l = i + 1;
      const z = (this.z[l] ??= new Float32Array(4 * layer.units));
      const sum = scratch(z.length);
      dotInto(h[l - 1]!, 0, layer.inputs, layer.kernelByUnit, layer.bias, sum);
      for (let u = 0; u < z.length; u++) z[u] = sum[u]!;
      step(layer, z, h[l]!, c[l]!);
    });
  }

  /**
   * Every LSTM's state after `lead` steps of id 0 from the zero state, as a fresh copy. That state is the same for
   * every text (a pre-padded sequence starts with its padding), so it is computed once per length, as far as texts
   * have needed, and kept: a short text then costs its own words' steps, not the whole padded length.
   */
  private zeroPrefixState(lead: number, steps: number): LayerStates {
    if (this.prefix?.steps !== steps) {
      this.prefix = { steps, length: 0, h: this.lstms.map((l) => new Float32Array((steps + 1) * l.units)), c: this.lstms.map((l) => new Float32Array((steps + 1) * l.units)) };
    }
    const prefix = this.prefix;
    const at = (k: number): LayerStates => ({
      h: prefix.h.map((all, l) => all.subarray(k * this.lstms[l]!.units, (k + 1) * this.lstms[l]!.units)),
      c: prefix.c.map((all, l) => all.subarray(k * this.lstms[l]!.units, (k + 1) * this.lstms[l]!.units)),
    });
    while (prefix.length < lead) {
      const k = prefix.length;
      const next = at(k + 1);
      const previous = at(k);
      next.h.forEach((h, l) => h.set(previous.h[l]!));
      next.c.forEach((c, l) => c.set(previous.c[l]!));
      this.advance(0, next);
      prefix.length = k + 1;
    }
    const kept = at(lead);
    return { h: kept.h.map((h) => h.slice()), c: kept.c.map((c) => c.slice()) };
  }

  /** `embedding[id]·kernel + bias` of the first LSTM, kept for the ids seen (see {@link PROJECTED_IDS_KEPT}). */
  private projection(id: number, layer: LstmLayer): Float32Array {
    const kept = this.projected.get(id);
    if (kept) return kept;
    const { inputDim, outputDim } = this.plan.embedding;
    if (!(id >= 0 && id < inputDim)) throw new Error(`id ${id} is outside the embedding's ${inputDim} rows`);
    this.table.loadRow?.(id);
    const z = new Float32Array(4 * layer.units);
    affine(this.table.values as Float32Array, id * outputDim, outputDim, layer.kernel, layer.bias, z);
    if (this.projected.size < PROJECTED_IDS_KEPT) this.projected.set(id, z);
    return z;
  }
}

/**
 * `out = x[x0 .. x0 + inputs)·kernel + bias` over a Keras-layout kernel `[inputs, units]`, summed in float64 and
 * stored as float32 (tfjs's matMul and add round once each; the difference is within float32 rounding).
 */
function affine(x: Float32Array, x0: number, inputs: number, kernel: Float32Array, bias: Float32Array | undefined, out: Float32Array): void {
  const units = out.length;
  const sum = scratch(units);
  if (bias) for (let u = 0; u < units; u++) sum[u] = bias[u]!;
  else sum.fill(0, 0, units);
  for (let i = 0; i < inputs; i++) {
    const xi = x[x0 + i]!;
    if (xi === 0) continue;
    const k = i * units;
    for (let u = 0; u < units; u++) sum[u]! += xi * kernel[k + u]!;
  }
  for (let u = 0; u < units; u++) out[u] = sum[u]!;
}

let scratchBuffer = new Float64Array(1024);
function scratch(length: number): Float64Array {
  if (scratchBuffer.length < length) scratchBuffer = new Float64Array(length);
  return scratchBuffer;
}

/**
 * `out[j] = z[j] + Σ_i x[x0 + i]·byUnit[j·inputs + i]`: a kernel transposed to `[units, inputs]`, so each output is one
 * dot product summed in registers (four partial sums), not a column walked in memory.
 */
function dotInto(x: Float32Array, x0: number, inputs: number, byUnit: Float32Array, z: Float32Array, out: Float64Array): void {
  const width = z.length;
  for (let j = 0; j < width; j++) {
    const k = j * inputs;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < inputs; i += 4) {
      s0 += x[x0 + i]! * byUnit[k + i]!;
      s1 += x[x0 + i + 1]! * byUnit[k + i + 1]!;
      s2 += x[x0 + i + 2]! * byUnit[k + i + 2]!;
      s3 += x[x0 + i + 3]! * byUnit[k + i + 3]!;
    }
    for (; i < inputs; i++) s0 += x[x0 + i]! * byUnit[k + i]!;
    out[j] = z[j]! + (s0 + s1 + (s2 + s3));
  }
}

/** One LSTM step: `z` holds the input projection (with bias); adds `h·U`, then updates `h` and `c` in place. */
function step(layer: LstmLayer, z: Float32Array, h: Float32Array, c: Float32Array): void {
  const { units, recurrentByUnit, activation, recurrentActivation } = layer;
  const sum = scratch(4 * units);
  dotInto(h, 0, units, recurrentByUnit, z, sum);
  for (let u = 0; u < units; u++) {
    const i = apply(recurrentActivation, Math.fround(sum[u]!));
    const f = apply(recurrentActivation, Math.fround(sum[units + u]!));
    const g = apply(activation, Math.fround(sum[2 * units + u]!));
    const o = apply(recurrentActivation, Math.fround(sum[3 * units + u]!));
    const cu = (c[u] = Math.fround(Math.fround(f * c[u]!) + Math.fround(i * g)));
    h[u] = o * apply(activation, cu);
  }
}

/** An element-wise activation, as tfjs computes it. */
function apply(activation: RecurrentActivation, x: number): number {
  switch (activation) {
    case 'tanh':
      return Math.fround(Math.tanh(x));
    case 'sigmoid':
      return Math.fround(1 / (1 + Math.exp(-x)));
    case 'hard_sigmoid':
      return Math.min(1, Math.max(0, Math.fround(Math.fround(0.2 * x) + 0.5)));
    case 'relu':
      return x > 0 ? x : 0;
    case 'linear':
    case 'softmax':
      return x;
  }
}

/** Applies a Dense layer's activation to its output row in place (softmax over the row). */
function activate(row: Float32Array, activation: RecurrentActivation): void {
  if (activation !== 'softmax') {
    for (let i = 0; i < row.length; i++) row[i] = apply(activation, row[i]!);
    return;
  }
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i]! > max) max = row[i]!;
  const e = new Float64Array(row.length);
  let total = 0;
  for (let i = 0; i < row.length; i++) total += e[i] = Math.exp(row[i]! - max);
  for (let i = 0; i < row.length; i++) row[i] = e[i]! / total;
}

/** A Keras kernel `[inputs, units]` as `[units, inputs]`. */
function transpose(kernel: Float32Array, inputs: number, units: number): Float32Array {
  const byUnit = new Float32Array(kernel.length);
  for (let i = 0; i < inputs; i++) for (let u = 0; u < units; u++) byUnit[u * inputs + i] = kernel[i * units + u]!;
  return byUnit;
}

/**
 * Builds the runner from decoded weights, checking each against the plan's shapes (as tfjs's strict loading would).
 *
 * @throws Error naming a missing weight or a shape that does not fit
 */
export function createRecurrentRunner(plan: RecurrentPlan, weights: readonly WeightValues[], release?: () => void): RecurrentRunner {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const floats = (name: string, shape: number[]): Float32Array => {
    const w = byName.get(name);
    if (!w) throw new Error(`weight ${name} is missing`);
    if (w.shape.join(',') !== shape.join(',')) throw new Error(`weight ${name} has shape [${w.shape.join(', ')}]; the layer needs [${shape.join(', ')}]`);
    if (!(w.values instanceof Float32Array) || w.affine) throw new Error(`weight ${name} is not float32`);
    return w.values;
  };
  const { embedding } = plan;
  floats(embedding.table, [embedding.inputDim, embedding.outputDim]);
  let inputs = embedding.outputDim;
  const lstms = plan.lstms.map((l): LstmLayer => {
    const kernel = floats(l.kernel, [inputs, 4 * l.units]);
    const layer = {
      inputs,
      units: l.units,
      kernel,
      kernelByUnit: transpose(kernel, inputs, 4 * l.units),
      recurrentByUnit: transpose(floats(l.recurrentKernel, [l.units, 4 * l.units]), l.units, 4 * l.units),
      bias: l.bias === undefined ? new Float32Array(4 * l.units) : floats(l.bias, [4 * l.units]),
      activation: l.activation,
      recurrentActivation: l.recurrentActivation,
    };
    inputs = l.units;
    return layer;
  });
  const dense = plan.dense.map((d): DenseLayer => {
    const layer = { inputs, units: d.units, kernel: floats(d.kernel, [inputs, d.units]), bias: d.bias === undefined ? undefined : floats(d.bias, [d.units]), activation: d.activation };
    inputs = d.units;
    return layer;
  });
  return new RecurrentRunner(plan, byName.get(embedding.table)!, lstms, dense, release);
}
