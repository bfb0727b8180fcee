/**
 * The bench's imported-model section prints every imported case beside the plain-tfjs baseline on the same
 * model.json, as ratios with issue 18's verdict, and a case measured on both backends says which was chosen and why
 * (the bench itself is never run by the tests: it packages and times for minutes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColdStartResult } from '../../scripts/bench/cold-start';
import { IMPORTED_CASES } from '../../scripts/bench/imported-cases';
import {
  renderImportedModel,
  type ImportedCaseResult,
  type ImportedModelResult,
  type SeriesFigures,
} from '../../scripts/bench/imported-model';
import type { Summary } from '../../scripts/bench/stats';

const summary = (p50: number): Summary => ({
  n: 200,
  min: p50,
  max: p50 * 3,
  mean: p50,
  median: p50,
  p50,
  p99: p50 * 2,
});
const cold = (name: string, overBareMs: number): ColdStartResult => ({
  name,
  wallMs: summary(overBareMs + 40),
  phasesMedianMs: { boot: 40, required: overBareMs / 2, answered: overBareMs },
  breakdownMs: [],
  overBareMs,
});
const series = (name: string, overBareMs: number, p50: number): SeriesFigures => ({
  cold: cold(name, overBareMs),
  warm: summary(p50),
});
const timing = {
  loadMs: 37,
  singleMedianMs: 2.38,
  singleCalls: 300,
  batchPerRowMs: 0.59,
  batchRows: 32,
  batchCalls: 40,
};

const lstm: ImportedCaseResult = {
  id: 'review-lstm',
  title: 'examples/review-lstm',
  runtime: 'layers',
  serving: {
    backend: 'cpu',
    chosenBy: 'measured',
    measured: { cpu: timing, wasm: { ...timing, loadMs: 110, singleMedianMs: 3.57, batchPerRowMs: 0.14 } },
  },
  sequenceLength: 12,
  ours: series('review-lstm (cpu)', 120, 2.5),
  other: { ...series('review-lstm (wasm, forced)', 200, 3.6), backend: 'wasm' },
  plain: series('plain tfjs, review-lstm', 240, 5),
  overPlain: { coldOverBare: 0.5, warmP50: 0.5, warmP99: 0.5 },
  overDefault: { coldOverBare: 6, warmP50: 12.5, otherColdOverBare: 10, otherWarmP50: 18 },
};
const graph: ImportedCaseResult = {
  id: 'review-bag-graph',
  title: 'examples/review-bag-graph',
  runtime: 'graph',
  serving: { backend: 'wasm', chosenBy: 'measured', measured: { cpu: timing, wasm: timing } },
  sequenceLength: 12,
  ours: series('review-bag-graph (wasm)', 300, 1),
  plain: series('plain tfjs, review-bag-graph', 200, 2),
  overPlain: { coldOverBare: 1.5, warmP50: 0.5, warmP99: 0.4 },
  overDefault: { coldOverBare: 15, warmP50: 5 },
};
const result: ImportedModelResult = {
  coldRuns: 10,
  bareNodeMs: summary(40),
  defaultModel: series('default model', 20, 0.2),
  cases: [lstm, graph],
};

describe('the imported-model section of the bench', () => {
  const rows = renderImportedModel(result).split('\n');
  const rowOf = (start: string) => rows.find((row) => row.startsWith(start));

  it('shows each case on the backend import chose, the forced other one where measured, and plain tfjs on its model.json', () => {
    expect(rowOf('examples/review-lstm: layers runtime, cpu (chosen: measured faster at import)')).toMatch(
      /120\.0 ms\s+2\.500 ms\s+5\.000 ms\s+200$/,
    );
    expect(rowOf('  same, wasm (forced)')).toMatch(/200\.0 ms\s+3\.600 ms\s+7\.200 ms\s+200$/);
    expect(rowOf('examples/review-bag-graph: graph runtime, wasm (chosen: measured faster at import)')).toMatch(
      /300\.0 ms\s+1\.000 ms\s+2\.000 ms\s+200$/,
    );
    expect(rows.filter((row) => row.startsWith('  plain tfjs, the same model.json'))).toHaveLength(2);
  });

  it("gives each case its ratios over plain tfjs and over the default model, with the issue's verdict", () => {
    expect(rowOf('review-lstm ')).toMatch(/0\.5x\s+0\.5x\s+0\.5x\s+6x\s+12\.5x\s+met$/);
    expect(rowOf('review-bag-graph ')).toMatch(/1\.5x\s+0\.5x\s+0\.4x\s+15x\s+5x\s+NOT MET$/);
  });

  it("prints the import's own backend figures per case", () => {
    expect(rows).toContain(
      'review-lstm: measured by the import, each backend in a fresh process (ms): cpu load 37, one input 2.38, per row at 32 0.590; wasm load 110, one input 3.57, per row at 32 0.140',
    );
  });
});

describe('the imported cases', () => {
  const formatOf = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { format?: string }).format ?? 'layers-model';

  it('name files that exist, under ids of their own', () => {
    for (const c of IMPORTED_CASES) {
      for (const file of [
        join(c.model, 'model.json'),
        c.labels,
        ...(typeof c.input === 'string' ? [c.input] : [String(c.input.vocabulary)]),
      ]) {
        expect(existsSync(file)).toBe(true);
      }
    }
    expect(new Set(IMPORTED_CASES.map((c) => c.id)).size).toBe(IMPORTED_CASES.length);
  });

  it('include a layers model and a graph model, as issue 18 asks', () => {
    expect(new Set(IMPORTED_CASES.map((c) => formatOf(c.model)))).toEqual(new Set(['layers-model', 'graph-model']));
  });
});
