/**
 * The plain-JS runtime for Embedding -> LSTM -> Dense models (lib/model/runtimes/recurrent/): it must compute what
 * tfjs-layers computes on the same model.json, and leave every model it does not know to the layers runtime.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWeightValues } from '../../lib/model/bundle/weight-values';
import { recurrentPlan } from '../../lib/model/runtimes/recurrent/plan';
import { createRecurrentRunner } from '../../lib/model/runtimes/recurrent/runner';
import { chooseRuntime } from '../../lib/model/runtimes';
import { importModel } from '../../scripts/import/import-model';
import { exampleOptions, LSTM, TWITTER } from '../import/support/examples';
import { expectClose, servedScores, tfjsPredict } from '../import/support/scores';

function readModel(dir: string) {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const specs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
  const data = Buffer.concat(json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(dir, p)))));
  return { json, specs, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) };
}

/** Ids with padding zeros and words spread over the vocabulary, the same every run. */
function idRows(rows: number, steps: number, vocabulary: number): number[][] {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: rows }, () => Array.from({ length: steps }, () => (next() < 0.4 ? 0 : Math.floor(next() * vocabulary))));
}

describe('the recurrent runtime', () => {
  it.each([
    ['examples/review-lstm (hard_sigmoid gates, tfjs model.save layout)', join(LSTM, 'model'), 12, 64],
    ["the real two-LSTM model (converter's layout, lstm_cell weight names)", TWITTER, 200, 10000],
  ])('%s: the same scores as tfjs-layers predict within 1e-5, batch of 5', async (_, dir, steps, vocabulary) => {
    const { json, specs, weightData } = readModel(dir);
    const plan = recurrentPlan(json.modelTopology, specs.map((s: { name: string }) => s.name));
    expect(plan).toBeDefined();
    const runner = createRecurrentRunner(plan!, decodeWeightValues(weightData, specs));
    const rows = idRows(5, steps, vocabulary);
    const ours = runner.run({ rows: 5, inputs: [{ name: 'ids', dtype: 'int32', shape: [5, steps], values: Int32Array.from(rows.flat()) }] });
    const width = plan!.outputs;
    const got = rows.map((_, r) => Array.from(ours.subarray(r * width, (r + 1) * width)));
    expectClose(got, await tfjsPredict(dir, rows));
  }, 120_000);

  it('starts a pre-padded text from the kept state after its padding: the scores tfjs gives, and the same again in any order', async () => {
    const dir = TWITTER;
    const { json, specs, weightData } = readModel(dir);
    const runner = createRecurrentRunner(recurrentPlan(json.modelTopology, specs.map((s: { name: string }) => s.name))!, decodeWeightValues(weightData, specs));
    // Texts of 3, 40 and 0 words and the whole length, padded before (Keras's default), with a zero id inside one.
    const words = idRows(1, 200, 10000)[0]!.map((id) => id || 1);
    const rows = [3, 40, 0, 200].map((n) => [...new Array<number>(200 - n).fill(0), ...words.slice(0, n)]);
    rows[1]![180] = 0;
    const run = (order: number[]) => {
      const got: number[][] = [];
      for (const r of order) got[r] = Array.from(runner.run({ rows: 1, inputs: [{ name: 'ids', dtype: 'int32', shape: [1, 200], values: Int32Array.from(rows[r]!) }] }));
      return got;
    };
    const want = await tfjsPredict(dir, rows);
    expectClose(run([0, 1, 2, 3]), want);
    expectClose(run([3, 2, 1, 0]), want);
  }, 120_000);

  it('is chosen for an imported Embedding -> LSTM -> Dense bundle, and serves the scores of the layers runtime', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recurrent-'));
    try {
      const auto = join(dir, 'auto');
      expect((await importModel({ ...exampleOptions(LSTM, auto), backend: 'auto' })).runtime).toBe('recurrent');
      // A backend forced at import asks for tfjs on it.
      const forced = join(dir, 'forced');
      expect((await importModel(exampleOptions(LSTM, forced))).runtime).toBe('layers');
      const texts = ['great movie, loved it', 'terrible and boring', ''];
      expectClose(await servedScores(auto, texts), await servedScores(forced, texts));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  const lstmTopology = (edit: (layers: any[]) => void) => {
    const { json, specs } = readModel(join(LSTM, 'model'));
    edit(json.modelTopology.config.layers);
    return { topology: json.modelTopology, names: specs.map((s: { name: string }) => s.name) as string[] };
  };

  it.each([
    ['a masking Embedding', (layers: any[]) => (layers[0].config.mask_zero = true)],
    ['a backwards LSTM', (layers: any[]) => (layers[1].config.go_backwards = true)],
    ['a stateful LSTM', (layers: any[]) => (layers[1].config.stateful = true)],
    ['an LSTM returning its sequence to a Dense', (layers: any[]) => (layers[1].config.return_sequences = true)],
    ['an activation it does not implement', (layers: any[]) => (layers[2].config.activation = 'elu')],
    ['a layer it does not know', (layers: any[]) => layers.splice(2, 0, { class_name: 'BatchNormalization', config: { name: 'bn' } })],
    ['a GRU instead of the LSTM', (layers: any[]) => (layers[1].class_name = 'GRU')],
  ])('leaves %s to the layers runtime', (_, edit) => {
    const { topology, names } = lstmTopology(edit);
    expect(recurrentPlan(topology, names)).toBeUndefined();
    const manifest = { input: { kind: 'sequence' } } as never;
    expect(chooseRuntime({ manifest, artifacts: { modelTopology: topology, weightSpecs: names.map((name) => ({ name, shape: [], dtype: 'float32' as const })) } }).runtime).toBe('layers');
  });

  it('reads Dropout as the identity', () => {
    const { topology, names } = lstmTopology((layers) => layers.splice(2, 0, { class_name: 'Dropout', config: { name: 'drop', rate: 0.5 } }));
    expect(recurrentPlan(topology, names)?.dense).toHaveLength(1);
  });
});
