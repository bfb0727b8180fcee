import '../http/support/quiet-env';
import { imported } from './support/features-model-env';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler as classifyHandler } from '../../handlers/classify';
import { handler as batchHandler } from '../../handlers/classify-batch';
import { handler as healthHandler } from '../../handlers/health';
import { bodyOf, jsonEvent, lambdaContext, loadEvent, postEvent } from '../http/support/events';
import { MLP } from '../import/support/examples';

const { names } = JSON.parse(readFileSync(join(MLP, 'spec.json'), 'utf8')) as { names: string[] };
const SETOSA = [5.0, 3.4, 1.5, 0.2];
const named = (values: number[]) => Object.fromEntries(names.map((n, i) => [n, values[i]]));

async function classify(body: unknown) {
  const response = await classifyHandler(jsonEvent(body), lambdaContext());
  return { status: response.statusCode, body: bodyOf(response) };
}

describe('a features model (examples/iris-mlp) through the real handlers', () => {
  it('was imported by npm run import-model, which printed what it will serve', () => {
    expect(imported.printed).toContain('input:   features (sepal_length, sepal_width, petal_length, petal_width)');
    expect(imported.printed).toContain('output:  logits (softmax applied when serving)');
    expect(imported.printed).toMatch(/model: {3}3 layers, \d+ weight bytes/);
  });

  it('GET /health says the input kind and the feature names in order', async () => {
    const body = bodyOf(await healthHandler(loadEvent('health'), lambdaContext()));
    expect(body.model).toMatchObject({
      name: 'iris-mlp',
      labels: ['setosa', 'versicolor', 'virginica'],
      input: { kind: 'features', features: names },
    });
  });

  it('classifies named features and the same numbers in model order alike', async () => {
    const byName = await classify({ features: named(SETOSA), topK: 3 });
    const byOrder = await classify({ features: SETOSA, topK: 3 });
    expect(byName.status).toBe(200);
    expect(byName.body.label).toBe('setosa');
    expect(byOrder.body).toEqual(byName.body);
    expect(byName.body.top.reduce((s: number, t: { score: number }) => s + t.score, 0)).toBeCloseTo(1, 5);
  });

  it('answers 400 naming the field: text sent, missing, extra or non-finite feature, both text and features', async () => {
    const cases: [unknown, { path: string; message: RegExp }[]][] = [
      [
        { text: 'a flower' },
        [
          {
            path: '/text',
            message: /classifies features, send "features" \(sepal_length, sepal_width, petal_length, petal_width\)/,
          },
        ],
      ],
      [
        { features: { sepal_length: 5, sepal_width: 3, petal_length: 1 } },
        [{ path: '/features/petal_width', message: /^is required$/ }],
      ],
      [
        { features: { ...named(SETOSA), colour: 2 } },
        [{ path: '/features/colour', message: /^is not a feature of this model$/ }],
      ],
      [{ features: [1, 2, 3] }, [{ path: '/features', message: /must hold 4 numbers/ }]],
      [
        { features: { ...named(SETOSA), sepal_width: 'wide' } },
        [{ path: '/features/sepal_width', message: /^must be a number$/ }],
      ],
      [{ text: 'x', features: SETOSA }, [{ path: '/text', message: /not allowed together with "features"/ }]],
      [{ features: 'x' }, [{ path: '/features', message: /must be an object or an array/ }]],
    ];
    for (const [body, details] of cases) {
      const { status, body: answer } = await classify(body);
      expect(status).toBe(400);
      expect(answer.error.code).toBe('INVALID_REQUEST');
      expect(answer.error.details).toEqual(
        details.map((d) => ({ path: d.path, message: expect.stringMatching(d.message) })),
      );
    }
    // JSON can spell a number no double holds: 1e999 parses to Infinity.
    const raw = `{"features": {"sepal_length": 1e999, "sepal_width": 3, "petal_length": 1, "petal_width": 0.2}}`;
    const response = await classifyHandler(
      postEvent('/classify', raw, { 'Content-Type': 'application/json' }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual([{ path: '/features/sepal_length', message: expect.any(String) }]);
  });

  it('answers 400 naming the feature when a finite value overflows float32 once standardised (1e308, -1e308, the largest double)', async () => {
    for (const huge of [1e308, -1e308, 1.7976931348623157e308]) {
      const all = await classify({ features: [huge, huge, huge, huge] });
      expect(all.status).toBe(400);
      expect(all.body.error).toMatchObject({
        code: 'INVALID_REQUEST',
        details: [{ path: '/features/0', message: expect.stringMatching(/too large in magnitude/) }],
      });
      const one = await classify({ features: { ...named(SETOSA), petal_length: huge } });
      expect(one.body.error.details).toEqual([
        { path: '/features/petal_length', message: expect.stringMatching(/too large in magnitude/) },
      ]);
    }
    const batch = await batchHandler(
      jsonEvent(
        { items: [{ features: SETOSA }, { id: 'x', features: { ...named(SETOSA), sepal_width: -1e308 } }] },
        '/classify/batch',
      ),
      lambdaContext(),
    );
    expect(batch.statusCode).toBe(400);
    expect(bodyOf(batch).error.details).toEqual([
      { path: '/items/1/features/sepal_width', message: expect.stringMatching(/too large/) },
    ]);
  });

  it('POST /classify/batch takes features items, with ids, in one call, and names a bad item', async () => {
    const items = [{ id: 'a', features: named(SETOSA) }, { features: [6.6, 3.0, 5.6, 2.0] }];
    const response = await batchHandler(jsonEvent({ items, topK: 1 }, '/classify/batch'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response).results.map((r: { id?: string; label: string }) => [r.id, r.label])).toEqual([
      ['a', 'setosa'],
      [undefined, 'virginica'],
    ]);
    const bad = await batchHandler(
      jsonEvent({ items: [{ features: SETOSA }, 'a text', { features: { petal: 1 } }] }, '/classify/batch'),
      lambdaContext(),
    );
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad).error.details.map((d: { path: string }) => d.path)).toEqual([
      '/items/1',
      ...names.map((n) => `/items/2/features/${n}`),
      '/items/2/features/petal',
    ]);
  });

  it("under fuzzing: 200 exactly when the features are the model's names with finite numbers, else 400 pointing into features", async () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.string({ maxLength: 3 }),
      fc.constant(null),
      fc.boolean(),
    );
    // Scores must be finite probabilities in every 200 (JSON writes NaN as null).
    const isScore = (s: unknown) => typeof s === 'number' && s >= 0 && s <= 1;
    const key = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.dictionary(key, value, { maxKeys: 6 }), fc.array(value, { maxLength: 6 })),
        async (features) => {
          const { status, body } = await classify({ features });
          const values = Array.isArray(features)
            ? features
            : names.map((n) => (features as Record<string, unknown>)[n]);
          const exact = Array.isArray(features)
            ? features.length === names.length
            : Object.keys(features).sort().join() === [...names].sort().join();
          const valid = exact && values.every((v) => typeof v === 'number' && Number.isFinite(v));
          if (valid) {
            expect(status).toBe(200);
            expect(names.length).toBe(4);
            expect(['setosa', 'versicolor', 'virginica']).toContain(body.label);
            expect([body.score, ...body.top.map((t: { score: number }) => t.score)].every(isScore)).toBe(true);
          } else {
            expect(status).toBe(400);
            for (const detail of body.error.details) expect(detail.path).toMatch(/^\/features(\/|$)/);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('"explain": true weighs each feature by setting it to its training mean, as two plain requests weigh it', async () => {
    const { mean } = JSON.parse(readFileSync(join(MLP, 'spec.json'), 'utf8')) as { mean: number[] };
    for (const values of [SETOSA, [6.7, 3.0, 5.2, 2.3], [5.9, 2.8, 4.3, 1.3]]) {
      const { status, body } = await classify({ features: named(values), explain: true });
      expect(status).toBe(200);
      const { target, tokens, truncated } = body.explanation;
      expect(truncated).toBe(false);
      expect(tokens.map((t: { feature: string }) => t.feature)).toEqual(names);
      const scoreOf = async (features: number[]) =>
        (await classify({ features, topK: 3 })).body.top.find((t: { label: string }) => t.label === target).score;
      const base = await scoreOf(values);
      for (const [j, token] of tokens.entries()) {
        const occluded = values.map((v, i) => (i === j ? mean[j]! : v));
        expect(Math.abs(token.weight - (base - (await scoreOf(occluded))))).toBeLessThan(1e-3);
      }
    }
  });
});
