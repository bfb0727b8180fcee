import { rejectAllowance } from '../../lib/model/abstain';
import type { Prediction } from '../../lib/model/types';
import { calibrateFromHeldOut, manualThresholdHint, whyThresholdOff } from '../../scripts/training/abstention';

/** A prediction of `label` with probability `best`, the rest on one other label. */
function prediction(best: number, label = 'a'): Prediction {
  const other = label === 'a' ? 'b' : 'a';
  return {
    label,
    score: best,
    top: [
      { label, score: best },
      { label: other, score: 1 - best },
    ],
  };
}

/** Held-out rows: in-scope ones predicted right with these probabilities, and out-of-scope ones. */
function heldOut(inScope: number[], oos: number[] = []) {
  return {
    predictions: [...inScope.map((p) => prediction(p)), ...oos.map((p) => prediction(p))],
    actual: [...inScope.map(() => 'a'), ...oos.map(() => 'none')],
  };
}

const spread = (n: number) => Array.from({ length: n }, (_, i) => 0.5 + (0.45 * i) / n);

describe('why the trainer left the abstention threshold off', () => {
  it('names too few held-out rows for --max-reject, and how many would do (the 90-row case: 9 held out)', () => {
    const section = calibrateFromHeldOut(heldOut(spread(9)), {}, 'out_of_scope');
    expect(section.threshold).toBe(0);
    expect(whyThresholdOff(section)).toBe(
      'too few held-out in-scope rows: 9 x --max-reject 0.02 allows no row to be rejected (needs 50 or more: calibrate on every row with --calibration-folds 5, raise --val-fraction or --max-reject, or add rows)',
    );
    // Calibration folds already count every row: the split's size is no longer the remedy.
    section.measured.outOfFoldRows = 8;
    expect(whyThresholdOff(section)).toBe(
      'too few held-out in-scope rows: 9 x --max-reject 0.02 allows no row to be rejected (needs 50 or more: raise --max-reject, or add rows)',
    );
  });

  it('calibrates once the rows allow one rejection, and then has nothing to explain', () => {
    expect(rejectAllowance(49, 0.02)).toBe(0);
    expect(rejectAllowance(50, 0.02)).toBe(1);
    const section = calibrateFromHeldOut(heldOut(spread(50)), {}, 'out_of_scope');
    expect(section.threshold).toBeGreaterThan(0);
    expect(whyThresholdOff(section)).toBeUndefined();
  });

  it('spends the --max-reject allowance even when the held-out out-of-scope rows show no gain from it', () => {
    // The out-of-scope rows are predicted more confidently than any in-scope row. A validation split holds ten or so
    // of them, too few to tell a score's worth, so the threshold still rejects what the user allowed (8 of 40).
    // The model has the out-of-scope class 'none', second on every row.
    const withClass = (best: number): Prediction => ({
      label: 'a',
      score: best,
      top: [
        { label: 'a', score: best },
        { label: 'none', score: 1 - best },
      ],
    });
    const rows = heldOut(spread(40), [0.99, 0.98, 0.99]);
    const section = calibrateFromHeldOut(
      { ...rows, predictions: rows.predictions.map((p) => withClass(p.score)) },
      { oosLabel: 'none', maxReject: 0.2 },
      'out_of_scope',
    );
    expect(section.method).toBe('best-vs-fallback');
    expect(section.threshold).toBeGreaterThan(0);
    expect(section.measured).toMatchObject({ inScopeRows: 40, oosRows: 3, inScopeRejectRate: 0.2, oosRecall: 0 });
    expect(whyThresholdOff(section)).toBeUndefined();
  });

  it('names the out-of-scope class when its own answers to in-scope rows already use up the allowance', () => {
    const oosAnswer = (score: number): Prediction => ({
      label: 'none',
      score,
      top: [
        { label: 'none', score },
        { label: 'a', score: 1 - score },
      ],
    });
    // 50 held-out in-scope rows, 2% may go: 1 row, and the model already answers 'none' to 2 of them.
    const rows = heldOut(spread(50), [0.2]);
    rows.predictions[0] = oosAnswer(0.7);
    rows.predictions[1] = oosAnswer(0.6);
    const section = calibrateFromHeldOut(rows, { oosLabel: 'none' }, 'out_of_scope');
    expect(section.threshold).toBe(0);
    expect(whyThresholdOff(section)).toBe(
      'the model answers none to 2 of the 50 held-out in-scope rows, already all that --max-reject 0.02 allows: no threshold on top (raise --max-reject or lower --oos-weight)',
    );
  });

  it('says how to set a threshold by hand: measure with evaluate --threshold, serve with ABSTAIN_THRESHOLD', () => {
    expect(manualThresholdHint('my-model')).toBe(
      'to set one by hand, measure it with `npm run evaluate -- --data <labelled.csv> --model my-model --threshold 0.3`, ' +
        'then serve it with ABSTAIN_THRESHOLD=0.3 (or a request\'s "threshold")',
    );
  });
});
