import { parseManifest } from '../../lib/model/bundle/manifest';
import {
  abstainScore,
  applyAbstention,
  calibrateAbstention,
  candidateThresholds,
  labelsNeeded,
  operatingPoint,
  policyInForce,
  policyScore,
  thresholdForRejectRate,
} from '../../lib/model/abstain';
import type { Prediction } from '../../lib/model/types';
import { readManifest } from '../http/support/model-bundle';

/** A prediction over labels a, b, c with the given best and second-best probabilities. */
function prediction(best: number, second: number, label = 'a'): Prediction {
  const other = label === 'a' ? 'b' : 'a';
  return { label, score: best, top: [{ label, score: best }, { label: other, score: second }] };
}

describe('thresholdForRejectRate', () => {
  it('rejects at most the allowed share, halfway between the last rejected and the first kept score', () => {
    const scores = [1.0, 0.3, 0.5, 0.1, 0.9, 0.2, 0.7, 0.4, 0.8, 0.6];
    expect(thresholdForRejectRate(scores, 0.2)).toBeCloseTo(0.25, 12);
    expect(thresholdForRejectRate(scores, 0.29)).toBeCloseTo(0.25, 12); // 2.9 rows allowed: 2
    expect(thresholdForRejectRate(scores, 0.3)).toBeCloseTo(0.35, 12);
    expect(thresholdForRejectRate(scores, 0.05)).toBe(0); // not even one row allowed: off
    expect(thresholdForRejectRate([], 0.5)).toBe(0);
  });

  it('never rejects more than allowed when scores tie at the boundary', () => {
    const scores = [0.2, 0.5, 0.5, 0.5, 0.9];
    const threshold = thresholdForRejectRate(scores, 0.4);
    expect(scores.filter((s) => s < threshold)).toEqual([0.2]);
  });
});

describe('operatingPoint', () => {
  it('counts in-scope rejections, right answers and out-of-scope catches (hand-checked)', () => {
    const inScope = [
      { score: 0.9, correct: true },
      { score: 0.8, correct: false },
      { score: 0.3, correct: true },
      { score: 0.2, correct: false },
    ];
    // threshold 0.5: rejects 0.3 and 0.2; answers 0.9 (right) and 0.8 (wrong); catches 0.1 and 0.4 of [0.1, 0.4, 0.6].
    expect(operatingPoint(inScope, [0.1, 0.4, 0.6], 0.5)).toEqual({
      threshold: 0.5,
      inScopeRejectRate: 0.5,
      inScopeAccuracy: 0.25,
      answeredAccuracy: 0.5,
      oosRecall: 2 / 3,
      oosPrecision: 0.5,
    });
    expect(operatingPoint(inScope, [], 0)).toEqual({ threshold: 0, inScopeRejectRate: 0, inScopeAccuracy: 0.5, answeredAccuracy: 0.5 });
  });

  it('offers 0, every midpoint and a top threshold as candidates', () => {
    expect(candidateThresholds([0.4, 0.2, 0.4])).toEqual([0, 0.30000000000000004, 0.400001]);
  });
});

describe('calibrateAbstention', () => {
  // Ten held-out in-scope rows (of a many-label model). The two mistakes have a high best score with a second label
  // close behind; two right answers have a low best score far ahead of the rest.
  const inScope = [
    ...[0.95, 0.9, 0.85, 0.8, 0.75, 0.7].map((p) => ({ prediction: prediction(p, 0.02), correct: true })),
    { prediction: prediction(0.35, 0.05), correct: true },
    { prediction: prediction(0.34, 0.04), correct: true },
    { prediction: prediction(0.6, 0.38), correct: false },
    { prediction: prediction(0.62, 0.37), correct: false },
  ];

  it('without out-of-scope rows, picks the method whose rejections fall on the mistakes, at the allowed rate', () => {
    const section = calibrateAbstention({ inScope, oos: [], maxReject: 0.2, label: 'out_of_scope' });
    // Two rows may go. max-probability drops 0.34 and 0.35 (right answers): threshold (0.35 + 0.6) / 2, accuracy 6/10.
    // margin drops 0.22 and 0.25 (the mistakes): threshold (0.25 + 0.30) / 2, accuracy 8/10.
    expect(section.measured.byMethod['max-probability']).toMatchObject({ threshold: 0.475, inScopeAccuracy: 0.6, inScopeRejectRate: 0.2 });
    expect(section.measured.byMethod.margin).toMatchObject({ threshold: 0.275, inScopeAccuracy: 0.8, inScopeRejectRate: 0.2, answeredAccuracy: 1 });
    expect(section).toMatchObject({ method: 'margin', threshold: 0.275, label: 'out_of_scope' });
    expect(section.measured).toMatchObject({ inScopeRows: 10, oosRows: 0, maxReject: 0.2, inScopeAccuracy: 0.8 });
  });

  it('with out-of-scope rows, spends the whole cap and picks the method with the best in-scope accuracy + recall', async () => {
    // These out-of-scope texts get a low best score, some far ahead of the rest. max-probability's cap (0.475) catches
    // all three (0.2, 0.3, 0.3) and rejects two right answers (0.34, 0.35): accuracy 0.6 + recall 1. The margin's cap
    // (0.275) rejects the two mistakes and catches only 0.19 of 0.19, 0.28, 0.3: 0.8 + 1/3.
    const oos = [prediction(0.2, 0.01), prediction(0.3, 0.02), prediction(0.3, 0)];
    const section = calibrateAbstention({ inScope, oos, maxReject: 0.2, label: 'oos' });
    expect(section.measured.byMethod['max-probability']).toMatchObject({ threshold: 0.475, oosRecall: 1, inScopeAccuracy: 0.6 });
    expect(section.measured.byMethod.margin).toMatchObject({ threshold: 0.275, inScopeAccuracy: 0.8 });
    expect(section.measured.byMethod.margin!.oosRecall).toBeCloseTo(1 / 3, 12);
    expect(section).toMatchObject({ method: 'max-probability', threshold: 0.475, label: 'oos' });
    expect(section.measured).toMatchObject({ oosRows: 3, oosRecall: 1, oosPrecision: 0.6, inScopeRejectRate: 0.2 });
  });

  it('keeps the first method of a tie, so the caller orders them by preference', () => {
    const oos = [prediction(0.2, 0.01)];
    const tie = { inScope: inScope.slice(0, 6), oos, maxReject: 0, label: 'oos' };
    expect(calibrateAbstention({ ...tie, methods: ['margin', 'max-probability'] }).method).toBe('margin');
    expect(calibrateAbstention({ ...tie, methods: ['max-probability', 'margin'] }).method).toBe('max-probability');
  });
});

describe('a model trained with out-of-scope rows as a class', () => {
  it('abstains whenever it answers the fallback label, under any threshold, 0 included', () => {
    const oosAnswer = prediction(0.9, 0.05, 'oos');
    expect(policyScore({ method: 'max-probability', label: 'oos' }, oosAnswer)).toBe(-1);
    expect(applyAbstention(oosAnswer, { method: 'margin', threshold: 0, label: 'oos' })).toMatchObject({ label: 'oos', abstained: true });
    expect(policyInForce({ method: 'margin', threshold: 0.2, label: 'oos' }, undefined, 0).policy).toEqual({ method: 'margin', threshold: 0, label: 'oos' });
  });

  it('counts those answers as rejections when calibrating, and keeps the threshold at 0 or above', () => {
    // 10 in-scope rows, 2 of them answered "oos" (wrong, rejected whatever the threshold): a 20% cap is used up.
    const inScope = [
      ...[0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2].map((p) => ({ prediction: prediction(p, 0.05), correct: true })),
      { prediction: prediction(0.9, 0.05, 'oos'), correct: false },
      { prediction: prediction(0.8, 0.05, 'oos'), correct: false },
    ];
    expect(thresholdForRejectRate([-1, -1, 0.2, 0.3, 0.4], 0.4)).toBe(0);
    const section = calibrateAbstention({ inScope, oos: [prediction(0.7, 0.1, 'oos')], maxReject: 0.2, label: 'oos', methods: ['max-probability'] });
    expect(section).toMatchObject({ threshold: 0, measured: { inScopeRejectRate: 0.2, inScopeAccuracy: 0.8, oosRecall: 1 } });
  });
});

describe('the best label against the fallback label', () => {
  /** A prediction whose best label is `best`, 'oos' at `oos`, and the rest spread evenly over three more labels. */
  const withOos = (best: number, oos: number, label = 'a'): Prediction => {
    const rest = (1 - best - oos) / 3;
    const top = [
      { label, score: best },
      { label: 'oos', score: oos },
      ...['x', 'y', 'z'].map((other) => ({ label: other, score: rest })),
    ].sort((p, q) => q.score - p.score);
    return { label, score: best, top };
  };

  it("is the best label's share of it and the fallback label, wherever that ranks; 1 when the model has no such label", () => {
    expect(abstainScore('best-vs-fallback', withOos(0.6, 0.2), 'oos')).toBeCloseTo(0.75, 12);
    expect(abstainScore('best-vs-fallback', withOos(0.5, 0.01), 'oos')).toBeCloseTo(0.5 / 0.51, 12);
    expect(abstainScore('best-vs-fallback', prediction(0.5, 0.3), 'oos')).toBe(1);
    expect(labelsNeeded('best-vs-fallback', 78)).toBe(78);
    expect(labelsNeeded('margin', 78)).toBe(2);
    expect(labelsNeeded('max-probability', 78)).toBe(1);
  });

  it('never rounds a threshold up past the scores it keeps, however close to 1 they crowd', () => {
    // 100 right answers with the fallback class at 3e-7 or less: best-vs-fallback scores just under 1. Two may go.
    const inScope = Array.from({ length: 100 }, (_, i) => ({ prediction: withOos(0.9, i < 2 ? 3e-7 : 1e-9), correct: true }));
    const section = calibrateAbstention({ inScope, oos: [], maxReject: 0.02, label: 'oos', methods: ['best-vs-fallback'] });
    expect(section.threshold).toBeLessThan(1);
    expect(section.measured.inScopeRejectRate).toBeLessThanOrEqual(0.02);
    expect(section.measured.inScopeAccuracy).toBeGreaterThanOrEqual(0.98);
  });

  it('is chosen when the out-of-scope rows give the out-of-scope class weight while another label leads', () => {
    // In-scope rows: little on oos, the two mistakes confident. Out-of-scope rows: a best label of 0.66-0.7, well
    // ahead, but 0.28 or more on oos. Neither the best score nor the lead can reject them without rejecting more right
    // answers than the cap allows (0.45, 0.5 and 0.6 score lower on both); the best label's share against oos
    // (at most 0.7 / 0.98) separates them from every in-scope row (at least 0.45 / 0.47).
    const inScope = [
      ...[0.95, 0.9, 0.85, 0.8, 0.75, 0.6, 0.5, 0.45].map((p) => ({ prediction: withOos(p, 0.02), correct: true })),
      { prediction: withOos(0.9, 0.05), correct: false },
      { prediction: withOos(0.85, 0.04), correct: false },
    ];
    const oos = [withOos(0.7, 0.28), withOos(0.68, 0.3), withOos(0.66, 0.32)];
    const section = calibrateAbstention({ inScope, oos, maxReject: 0.2, label: 'oos' });
    expect(section.method).toBe('best-vs-fallback');
    expect(section.measured).toMatchObject({ oosRecall: 1, inScopeAccuracy: 0.8 });
    // Every out-of-scope row is under it (at most 0.714) and every right answer over it (at least 0.957).
    expect(section.threshold).toBeGreaterThan(0.714);
    expect(section.threshold).toBeLessThanOrEqual(0.958);
    expect(section.measured.byMethod['max-probability']!.oosRecall).toBeLessThan(1);
  });
});

describe('policies', () => {
  const p: Prediction = prediction(0.4, 0.3);
  it('abstains strictly under the threshold; 0 or no policy never abstains', () => {
    expect(applyAbstention(p, { method: 'max-probability', threshold: 0.41, label: 'x' })).toEqual({ ...p, label: 'x', abstained: true });
    expect(applyAbstention(p, { method: 'max-probability', threshold: 0.4, label: 'x' }).abstained).toBe(false);
    expect(applyAbstention(p, undefined)).toEqual({ ...p, abstained: false });
    expect(policyInForce(undefined, undefined, 0)).toEqual({ policy: undefined, source: 'request' });
    expect(policyInForce(undefined, 0.3)).toEqual({ policy: { method: 'max-probability', threshold: 0.3, label: 'out_of_scope' }, source: 'stage' });
  });

  it('the manifest refuses an abstain section it could not apply', () => {
    const manifest = readManifest();
    const good = { method: 'margin', threshold: 0.1, label: 'oos', measured: {} };
    expect(parseManifest({ ...manifest, abstain: good }).abstain).toEqual(good);
    expect(() => parseManifest({ ...manifest, abstain: { ...good, method: 'energy' } })).toThrow('abstain.method is unknown');
    expect(() => parseManifest({ ...manifest, abstain: { ...good, method: 'best-vs-fallback' } })).toThrow(
      'abstain.method best-vs-fallback needs its label "oos" among the model\'s labels',
    );
    const fallback = manifest.labels[0];
    expect(parseManifest({ ...manifest, abstain: { ...good, method: 'best-vs-fallback', label: fallback } }).abstain).toMatchObject({ label: fallback });
    expect(() => parseManifest({ ...manifest, abstain: { ...good, threshold: 2 } })).toThrow('abstain.threshold must be a number in [0, 1]');
    expect(() => parseManifest({ ...manifest, abstain: { ...good, label: '' } })).toThrow('abstain.label must be a non-empty string');
    expect(() => parseManifest({ ...manifest, abstain: [] })).toThrow('abstain must be an object');
  });
});
