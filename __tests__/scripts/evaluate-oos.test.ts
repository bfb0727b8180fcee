import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Prediction } from '../../lib/model/types';
import { evaluateModel } from '../../scripts/training/evaluate-model';
import { evaluateOutOfScope } from '../../scripts/training/oos-evaluation';
import { oosCurveSvg } from '../../scripts/training/oos-curve-svg';
import { markdownReport, textReport } from '../../scripts/training/report';
import { tempDir, trainFixtureBundle } from '../model/fixture-bundle';

const predicted = (label: string, score: number): Prediction => ({ label, score, top: [{ label, score }] });

describe('evaluateOutOfScope on a hand-checked example', () => {
  // Threshold 0.5 on the maximum probability.
  const rows = [
    { actual: 'a', prediction: predicted('a', 0.9) }, // answered, right
    { actual: 'b', prediction: predicted('a', 0.8) }, // answered, wrong
    { actual: 'a', prediction: predicted('a', 0.4) }, // abstained: an in-scope row lost
    { actual: 'oos', prediction: predicted('b', 0.3) }, // abstained: caught
    { actual: 'oos', prediction: predicted('a', 0.7) }, // answered: missed
    { actual: 'oos', prediction: predicted('c', 0.45) }, // abstained: caught
  ];
  const policy = { method: 'max-probability' as const, threshold: 0.5, label: 'oos' };

  it('counts in-scope accuracy, out-of-scope recall and precision, and the abstain rate', () => {
    const result = evaluateOutOfScope(rows, 'oos', policy);
    expect(result).toMatchObject({ inScopeRows: 3, oosRows: 3, policy });
    expect(result.inScopeAccuracy).toBeCloseTo(1 / 3, 12); // 1 of 3 answered right
    expect(result.oosRecall).toBeCloseTo(2 / 3, 12); // 2 of 3 caught
    expect(result.oosPrecision).toBeCloseTo(2 / 3, 12); // 2 of the 3 abstentions are out of scope
    expect(result.abstainRate).toBe(0.5); // 3 of 6 rows
    // Never abstaining: the 0.4 row's label is right too, 2 of 3.
    expect(result.bestIntentAccuracy).toBeCloseTo(2 / 3, 12);
  });

  it('measures the never-abstaining accuracy with the best intent when the model answers the fallback label', () => {
    const oosFirst = (intent: string): Prediction => ({
      label: 'oos',
      score: 0.6,
      top: [
        { label: 'oos', score: 0.6 },
        { label: intent, score: 0.3 },
      ],
    });
    const result = evaluateOutOfScope(
      [
        { actual: 'a', prediction: oosFirst('a') }, // abstained (its class), but its best intent is right
        { actual: 'b', prediction: oosFirst('a') }, // abstained, best intent wrong
      ],
      'oos',
      { ...policy, threshold: 0 },
    );
    expect(result.inScopeAccuracy).toBe(0);
    expect(result.bestIntentAccuracy).toBe(0.5);
  });

  it('draws the curve from "never abstain" to "always abstain", through the applied threshold', () => {
    const { curve } = evaluateOutOfScope(rows, 'oos', policy);
    expect(curve[0]).toMatchObject({ threshold: 0, inScopeAccuracy: 2 / 3, oosRecall: 0 });
    expect(curve.at(-1)).toMatchObject({ inScopeAccuracy: 0, oosRecall: 1 });
    // 0.575 (between 0.45 and 0.7) is the highest threshold that still answers the 0.7 row, like 0.5 does.
    expect(curve.find((p) => Math.abs(p.threshold - 0.575) < 1e-12)).toMatchObject({
      inScopeAccuracy: 1 / 3,
      oosRecall: 2 / 3,
    });
    const svg = oosCurveSvg(evaluateOutOfScope(rows, 'oos', policy));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline points="([^"]+)"/)![1]!.split(' ')).toHaveLength(curve.length);
    expect(svg).toContain('threshold 0.5: in-scope accuracy 0.3333, out-of-scope recall 0.6667');
  });
});

describe('evaluateModel --oos-label', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());

  it('adds the abstention figures to the summary and both reports, with the classic figures over in-scope rows', async () => {
    const { modelDir } = await trainFixtureBundle(dir);
    const csv = join(dir, 'eval.csv');
    writeFileSync(
      csv,
      'text,label\nwill it rain tomorrow,weather\nplay some jazz,music\nqwxz vbnm plkj,none\nfeed the goldfish,none\n',
    );
    // Threshold 0 never abstains: in-scope accuracy is the plain accuracy, nothing is caught.
    const none = await evaluateModel({
      data: csv,
      model: modelDir,
      textColumn: 'text',
      labelColumn: 'label',
      oosLabel: 'none',
      threshold: 0,
    });
    expect(none.summary).toMatchObject({ n: 2, unknownLabelRows: 0, oosRecall: 0, oosPrecision: 1, abstainRate: 0 });
    expect(none.summary.inScopeAccuracy).toBe(none.summary.accuracy);
    expect(none.summary.abstention).toMatchObject({ threshold: 0, oosLabel: 'none', inScopeRows: 2, oosRows: 2 });
    // Without --threshold, the bundle's own calibrated policy applies.
    const bundle = await evaluateModel({
      data: csv,
      model: modelDir,
      textColumn: 'text',
      labelColumn: 'label',
      oosLabel: 'none',
    });
    const { abstain } = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8'));
    expect(bundle.summary.abstention).toMatchObject({
      method: abstain.method,
      threshold: abstain.threshold,
      label: abstain.label,
    });
    const text = textReport(none.summary);
    expect(text).toContain('abstention off (threshold 0); 2 in-scope rows');
    expect(text).toContain(
      `in-scope accuracy ${none.summary.accuracy.toFixed(4)} (${none.summary.bestIntentAccuracy!.toFixed(4)} never abstaining)  out-of-scope recall 0.0000  out-of-scope precision 1.0000  abstain rate 0.0000`,
    );
    expect(markdownReport(none.summary, 'cm.svg', 'oos.svg')).toContain(
      '![In-scope accuracy vs out-of-scope recall](oos.svg)',
    );
    // Without --oos-label, nothing changes: the out-of-scope rows are rows with an unknown label.
    const plain = await evaluateModel({ data: csv, model: modelDir, textColumn: 'text', labelColumn: 'label' });
    expect(plain.summary).toMatchObject({ n: 4, unknownLabelRows: 2 });
    expect(plain.summary.inScopeAccuracy).toBeUndefined();
  });
});
