import './support/info-env';
import './support/quiet-env';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig } from '../../lib/config';
import type { AbstainPolicy } from '../../lib/model/abstain';
import type { Classifier, ModelInfo, Prediction } from '../../lib/model/types';
import { METRIC } from '../../lib/observability/metrics';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { createHealthHandler } from '../../lib/routes/health';
import { captureLogs } from './support/capture-logs';
import { bodyOf, jsonEvent, lambdaContext, loadEvent } from './support/events';

/** Probabilities by text (labels a, b, c), so every score below is known. */
const PROBABILITIES: Record<string, [number, number, number]> = {
  sure: [0.9, 0.06, 0.04],
  unsure: [0.4, 0.35, 0.25],
  torn: [0.48, 0.46, 0.06],
  elsewhere: [0.05, 0.05, 0.9],
};

class ScriptedClassifier implements Classifier {
  readonly calls: number[] = [];
  readonly info: ModelInfo;
  constructor(abstain?: AbstainPolicy) {
    this.info = {
      name: 'scripted',
      version: '1.0.0',
      labels: ['a', 'b', 'c'],
      sha256: '0'.repeat(64),
      ...(abstain && { abstain }),
    };
  }
  classify(texts: readonly string[], topK: number): Prediction[] {
    this.calls.push(topK);
    return texts.map((text) => {
      const all = PROBABILITIES[text]!.map((score, i) => ({ label: this.info.labels[i]!, score }));
      const top = all.sort((x, y) => y.score - x.score).slice(0, topK);
      return { label: top[0]!.label, score: top[0]!.score, top };
    });
  }
  dispose(): void {}
}

const BUNDLE_POLICY: AbstainPolicy = { method: 'max-probability', threshold: 0.5, label: 'out_of_scope' };

function handlers(abstain: AbstainPolicy | undefined, env: Record<string, string> = {}) {
  const classifier = new ScriptedClassifier(abstain);
  const deps = { getClassifier: async () => classifier, config: loadConfig(env) };
  const classify = createClassifyHandler(deps);
  const batch = createClassifyBatchHandler(deps);
  const health = createHealthHandler({ getBundleInfo: async () => classifier.info, config: deps.config });
  return {
    classifier,
    classify: async (body: unknown) => {
      const response = await classify(jsonEvent(body), lambdaContext());
      return { status: response.statusCode, body: bodyOf(response) };
    },
    batch: async (body: unknown) => bodyOf(await batch(jsonEvent(body, '/classify/batch'), lambdaContext())),
    health: async () => bodyOf(await health(loadEvent('health'), lambdaContext())),
  };
}

describe('abstention through the HTTP stack', () => {
  it('answers under the bundle threshold with the fallback label, keeping the score and top; always says whether it abstained', async () => {
    const api = handlers(BUNDLE_POLICY);
    const unsure = await api.classify({ text: 'unsure', topK: 2 });
    expect(unsure).toEqual({
      status: 200,
      body: {
        label: 'out_of_scope',
        score: 0.4,
        top: [
          { label: 'a', score: 0.4 },
          { label: 'b', score: 0.35 },
        ],
        abstained: true,
        model: { name: 'scripted', version: '1.0.0' },
      },
    });
    const sure = await api.classify({ text: 'sure', topK: 1 });
    expect(sure.body).toMatchObject({ label: 'a', score: 0.9, abstained: false });
  });

  it('lets a request set its own threshold, and 0 switch abstention off', async () => {
    const api = handlers(BUNDLE_POLICY);
    expect((await api.classify({ text: 'sure', threshold: 0.95 })).body).toMatchObject({
      label: 'out_of_scope',
      abstained: true,
    });
    expect((await api.classify({ text: 'unsure', threshold: 0.3 })).body).toMatchObject({
      label: 'a',
      abstained: false,
    });
    expect((await api.classify({ text: 'unsure', threshold: 0 })).body).toMatchObject({ label: 'a', abstained: false });
  });

  it('applies the same to every batch item, with the batch request threshold', async () => {
    const api = handlers(BUNDLE_POLICY);
    const items = [{ id: 'x', text: 'sure' }, 'unsure', { text: 'torn' }];
    expect((await api.batch({ items })).results.map((r: any) => [r.id, r.label, r.abstained, r.score])).toEqual([
      ['x', 'a', false, 0.9],
      [undefined, 'out_of_scope', true, 0.4],
      [undefined, 'out_of_scope', true, 0.48],
    ]);
    expect((await api.batch({ items, threshold: 0.45 })).results.map((r: any) => r.abstained)).toEqual([
      false,
      true,
      false,
    ]);
    expect((await api.batch({ items, threshold: 0 })).results.map((r: any) => r.label)).toEqual(['a', 'a', 'a']);
  });

  it('never abstains for a bundle without an abstain section, unless a request gives a threshold', async () => {
    const api = handlers(undefined);
    expect((await api.classify({ text: 'unsure' })).body).toMatchObject({ label: 'a', abstained: false });
    expect((await api.classify({ text: 'unsure', threshold: 0.5 })).body).toMatchObject({
      label: 'out_of_scope',
      abstained: true,
    });
    expect(await api.health()).toMatchObject({ abstain: { threshold: 0, source: 'none' } });
  });

  it('lets the stage setting override the bundle threshold, a request override the stage, and /health show what is in force', async () => {
    const api = handlers(BUNDLE_POLICY, { ABSTAIN_THRESHOLD: '0.95' });
    expect((await api.classify({ text: 'sure' })).body).toMatchObject({ label: 'out_of_scope', abstained: true });
    expect((await api.classify({ text: 'sure', threshold: 0 })).body).toMatchObject({ label: 'a', abstained: false });
    expect((await api.health()).abstain).toEqual({
      method: 'max-probability',
      threshold: 0.95,
      label: 'out_of_scope',
      source: 'stage',
    });
    expect((await handlers(BUNDLE_POLICY).health()).abstain).toEqual({ ...BUNDLE_POLICY, source: 'bundle' });
    expect(
      (await handlers(BUNDLE_POLICY, { ABSTAIN_THRESHOLD: '0' }).classify({ text: 'unsure' })).body.abstained,
    ).toBe(false);
  });

  it('asks for two labels when the margin needs them, and still returns topK', async () => {
    const api = handlers({ method: 'margin', threshold: 0.1, label: 'none_of_these' });
    const torn = await api.classify({ text: 'torn', topK: 1 });
    expect(api.classifier.calls.at(-1)).toBe(2);
    expect(torn.body).toMatchObject({
      label: 'none_of_these',
      score: 0.48,
      top: [{ label: 'a', score: 0.48 }],
      abstained: true,
    });
    expect((await api.classify({ text: 'sure', topK: 1 })).body).toMatchObject({ label: 'a', abstained: false });
  });

  it("asks for every label when the score needs the fallback label's, and still returns topK", async () => {
    // Label c plays the out-of-scope class: 'unsure' gives it 0.25 while a leads with 0.4 (0.4 / 0.65 = 0.62).
    const api = handlers({ method: 'best-vs-fallback', threshold: 0.8, label: 'c' });
    const unsure = await api.classify({ text: 'unsure', topK: 1 });
    expect(api.classifier.calls.at(-1)).toBe(3);
    expect(unsure.body).toMatchObject({ label: 'c', score: 0.4, top: [{ label: 'a', score: 0.4 }], abstained: true });
    // 'torn' gives c 0.06 (0.48 / 0.54 = 0.89): over the threshold, however close a and b are.
    expect((await api.classify({ text: 'torn', topK: 2 })).body).toMatchObject({
      label: 'a',
      top: [
        { label: 'a', score: 0.48 },
        { label: 'b', score: 0.46 },
      ],
      abstained: false,
    });
  });

  it("reads ABSTAIN_THRESHOLD as a number from 0 to 1, unset or blank meaning the bundle's", () => {
    expect(loadConfig({ ABSTAIN_THRESHOLD: '0.35' }).abstainThreshold).toBe(0.35);
    expect(loadConfig({ ABSTAIN_THRESHOLD: '0' }).abstainThreshold).toBe(0);
    expect(loadConfig({ ABSTAIN_THRESHOLD: ' ' }).abstainThreshold).toBeUndefined();
    expect(loadConfig({}).abstainThreshold).toBeUndefined();
    for (const bad of ['1.5', '-0.1', 'abc', '1e-1', '0x1']) {
      expect(() => loadConfig({ ABSTAIN_THRESHOLD: bad })).toThrow(
        `ABSTAIN_THRESHOLD must be a number from 0 to 1 (0 = no threshold), got "${bad}"`,
      );
    }
  });

  it('abstains when a model trained with out-of-scope rows answers its fallback label, even at threshold 0', async () => {
    const api = handlers({ method: 'max-probability', threshold: 0.5, label: 'c' });
    expect((await api.classify({ text: 'elsewhere', topK: 1 })).body).toMatchObject({
      label: 'c',
      score: 0.9,
      abstained: true,
    });
    expect((await api.classify({ text: 'elsewhere', threshold: 0 })).body).toMatchObject({
      label: 'c',
      abstained: true,
    });
    expect((await api.classify({ text: 'sure', threshold: 0 })).body).toMatchObject({ label: 'a', abstained: false });
    const off = handlers({ method: 'max-probability', threshold: 0.5, label: 'c' }, { ABSTAIN_THRESHOLD: '0' });
    expect((await off.health()).abstain).toEqual({
      method: 'max-probability',
      threshold: 0,
      label: 'c',
      source: 'stage',
    });
    expect((await off.classify({ text: 'elsewhere' })).body).toMatchObject({ label: 'c', abstained: true });
  });

  it.each([1.5, -0.1, '0.5', null])('refuses threshold %p with 400', async (threshold) => {
    const api = handlers(BUNDLE_POLICY);
    const { status, body } = await api.classify({ text: 'sure', threshold });
    expect(status).toBe(400);
    expect(body.error.details[0].path).toBe('/threshold');
  });

  it('logs whether the answer abstained and emits the abstention count and rate per route', async () => {
    const api = handlers(BUNDLE_POLICY);
    const added = jest.spyOn(Metrics.prototype, 'addMetric');
    const out = captureLogs();
    try {
      await api.classify({ text: 'unsure' });
      await api.batch({ items: ['sure', 'unsure', 'torn', 'sure'] });
    } finally {
      out.restore();
    }
    const lines = out.lines().filter((line) => line.message === 'request');
    expect(lines[0]).toMatchObject({ abstained: true });
    expect(lines[1]).toMatchObject({ batchSize: 4, abstainedItems: 2 });
    const rates = added.mock.calls.filter(([name]) => name === METRIC.abstentionRate).map(([, , value]) => value);
    const counts = added.mock.calls.filter(([name]) => name === METRIC.abstentions).map(([, , value]) => value);
    expect(rates).toEqual([100, 50]);
    expect(counts).toEqual([1, 2]);
    added.mockRestore();
  });
});
