import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateModel } from '../../scripts/training/evaluate-model';
import { markdownReport, textReport } from '../../scripts/training/report';
import { tempDir, trainFixtureBundle } from '../model/fixture-bundle';

let dir: string;
let cleanup: () => void;
let modelDir: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  ({ modelDir } = await trainFixtureBundle(dir));
});
afterAll(() => cleanup());

describe('evaluateModel', () => {
  it('counts rows with labels the model does not know as errors, and says how many', async () => {
    const csv = join(dir, 'eval.csv');
    writeFileSync(
      csv,
      'text,label\nwill it rain tomorrow,weather\nplay some jazz,music\nbake a chocolate cake,cooking\n,music\n',
    );
    const { summary } = await evaluateModel({ data: csv, model: modelDir, textColumn: 'text', labelColumn: 'label' });
    expect(summary).toMatchObject({ n: 3, skippedRows: 1, unknownLabelRows: 1, unknownLabels: ['cooking'] });
    expect(summary.accuracy).toBeCloseTo(2 / 3, 10);
    // Hand-checked: cooking is never predicted (F1 0). If the cake went to weather or music, that class has P 1/2, R 1
    // (F1 2/3): (2/3 + 1 + 0) / 3 = 5/9; if it went to billing or greeting (F1 0): (1 + 1 + 0 + 0) / 4 = 1/2.
    const cake = summary.topConfusions.find((c) => c.actual === 'cooking')!.predicted;
    expect(summary.macroF1).toBeCloseTo(['weather', 'music'].includes(cake) ? 5 / 9 : 1 / 2, 10);
    expect(summary.perClass.map((c) => c.label)).toContain('cooking');
    expect(textReport(summary)).toContain('1 row(s) have labels the model does not know, counted as errors: cooking');
    expect(markdownReport(summary, 'cm.svg')).toContain('![Row-normalised confusion matrix](cm.svg)');
  });

  it('rejects a bundle that does not load with its client-safe reason', async () => {
    await expect(
      evaluateModel({
        data: join(dir, 'eval.csv'),
        model: join(dir, 'missing'),
        textColumn: 'text',
        labelColumn: 'label',
      }),
    ).rejects.toThrow(`model ${join(dir, 'missing')}: manifest.json: missing or unreadable`);
  });
});
