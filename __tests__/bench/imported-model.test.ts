/**
 * The bench's imported-model section prints the LSTM on the backend import chose and on the other one, saying which
 * was chosen and why (the bench itself is never run by the tests: it packages and times for minutes).
 */
import type { ColdStartResult } from '../../scripts/bench/cold-start';
import { renderImportedModel, type ImportedModelResult } from '../../scripts/bench/imported-model';
import type { Summary } from '../../scripts/bench/stats';

const summary = (p50: number): Summary => ({ n: 200, min: p50, max: p50 * 3, mean: p50, median: p50, p50, p99: p50 * 2 });
const cold = (name: string, overBareMs: number): ColdStartResult => ({
  name,
  wallMs: summary(overBareMs + 40),
  phasesMedianMs: { boot: 40, required: overBareMs / 2, answered: overBareMs },
  breakdownMs: [],
  overBareMs,
});
const timing = { loadMs: 37, singleMedianMs: 2.38, singleCalls: 300, batchPerRowMs: 0.59, batchRows: 32, batchCalls: 40 };

const result: ImportedModelResult = {
  model: 'examples/review-lstm',
  serving: { backend: 'cpu', chosenBy: 'measured', measured: { cpu: timing, wasm: { ...timing, loadMs: 110, singleMedianMs: 3.57, batchPerRowMs: 0.14 } } },
  otherBackend: 'wasm',
  cold: { runs: 10, bareNodeMs: summary(40), targets: [cold('default model', 20), cold('example LSTM (cpu)', 120), cold('example LSTM (wasm)', 200), cold('plain tfjs, example LSTM', 240)] },
  warm: { defaultModel: summary(0.2), importedModel: summary(2.5), otherBackend: summary(3.6), plain: summary(5) },
  ratios: { coldOverBare: 6, warmP50: 12.5, otherColdOverBare: 10, otherWarmP50: 18 },
  overPlain: { coldOverBare: 0.5, warmP50: 0.5, warmP99: 0.5 },
};

describe('the imported-model section of the bench', () => {
  it('shows the LSTM on the chosen backend and on the other one, with the import\'s own figures', () => {
    const text = renderImportedModel(result);
    expect(text).toContain('The import chose cpu (measured faster at import); the wasm row is the same model imported with --backend wasm.');
    const rows = text.split('\n');
    expect(rows.find((row) => row.startsWith('examples/review-lstm, layers runtime, cpu (chosen)'))).toMatch(/120\.0 ms\s+2\.500 ms\s+5\.000 ms$/);
    expect(rows.find((row) => row.startsWith('same, wasm (forced)'))).toMatch(/200\.0 ms\s+3\.600 ms\s+7\.200 ms$/);
    expect(rows.find((row) => row.startsWith('ratio imported / default, wasm'))).toMatch(/10x\s+18x$/);
    // Beside the plain-tfjs baseline serving the same model.json, as the default model's figures are.
    expect(rows.find((row) => row.startsWith('plain tfjs, the same LSTM model.json'))).toMatch(/240\.0 ms\s+5\.000 ms\s+10\.0 ms$/);
    expect(rows.find((row) => row.startsWith('ratio imported (cpu) / plain tfjs'))).toMatch(/0\.5x\s+0\.5x\s+0\.5x$/);
    expect(text).toContain('cpu load 37, one input 2.38, per row at 32 0.590; wasm load 110, one input 3.57, per row at 32 0.140');
  });
});
