import '../http/support/quiet-env';
import { imported } from './support/sequence-model-env';
import fc from 'fast-check';
import { handler as classifyHandler } from '../../handlers/classify';
import { handler as batchHandler } from '../../handlers/classify-batch';
import { handler as healthHandler } from '../../handlers/health';
import { bodyOf, jsonEvent, lambdaContext, loadEvent } from '../http/support/events';

describe('a sequence model (examples/review-lstm) through the real handlers', () => {
  it('was imported by npm run import-model, which printed what it will serve', () => {
    expect(imported.printed).toContain('input:   sequence (maxLen 12, tokenizer style)');
    expect(imported.printed).toContain('labels:  negative, positive');
  });

  it('GET /health says the input kind', async () => {
    const body = bodyOf(await healthHandler(loadEvent('health'), lambdaContext()));
    expect(body.model).toMatchObject({
      name: 'review-lstm',
      labels: ['negative', 'positive'],
      input: { kind: 'sequence' },
    });
    expect(body.model.input.features).toBeUndefined();
  });

  it('classifies texts, alone and in a batch, with the same scores', async () => {
    const texts = ['Great product, works perfectly!', 'Terrible quality. Do NOT buy.'];
    const alone: { label: string; top: { label: string; score: number }[] }[] = [];
    for (const text of texts) alone.push(bodyOf(await classifyHandler(jsonEvent({ text, topK: 2 }), lambdaContext())));
    expect(alone.map((a) => a.label)).toEqual(['positive', 'negative']);
    const batch = bodyOf(await batchHandler(jsonEvent({ items: texts, topK: 2 }, '/classify/batch'), lambdaContext()));
    batch.results.forEach((result: { top: { label: string; score: number }[] }, i: number) => {
      result.top.forEach((entry, j) => {
        expect(entry.label).toBe(alone[i]!.top[j]!.label);
        expect(entry.score).toBeCloseTo(alone[i]!.top[j]!.score, 6);
      });
    });
  });

  it('answers 400 naming /features when features are sent to a text model', async () => {
    const response = await classifyHandler(jsonEvent({ features: [1, 2] }), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual([
      { path: '/features', message: expect.stringContaining('it classifies text') },
    ]);
  });
});

describe('"explain": true on a sequence model (examples/review-lstm)', () => {
  type Token = { text: string; start: number; end: number; weight: number };
  const classify = async (body: unknown) => bodyOf(await classifyHandler(jsonEvent(body), lambdaContext()));
  /** A plain request's score for `label` ("." stands for a text the occlusion left blank: no words either way). */
  const plainScore = async (text: string, label: string): Promise<number> =>
    (await classify({ text: /\S/u.test(text) ? text : '.', topK: 2 })).top.find(
      (t: { label: string }) => t.label === label,
    ).score;

  it("lists the model's tokens before the vocabulary look-up, each weighed as two plain requests weigh it", async () => {
    const piece = fc.constantFrom(
      'Great',
      'product',
      'terrible',
      'quality',
      'NOT',
      'happy',
      'works',
      'perfectly',
      'broke',
      'the',
      'zzz',
      '!',
      'café',
      '😀',
    );
    const text = fc.array(piece, { minLength: 1, maxLength: 14 }).map((words) => words.join(' '));
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const body = await classify({ text: t, explain: true });
        const { target, tokens } = body.explanation as { target: string; tokens: Token[] };
        // The tokenizer's filters drop '!' and lower-case the rest; emoji stay words (then OOV).
        expect(tokens.map((token) => token.text)).toEqual(t.split(' ').filter((w) => w !== '!'));
        const base = await plainScore(t, target);
        for (const token of tokens) {
          const occluded = `${t.slice(0, token.start)} ${t.slice(token.end)}`;
          expect(Math.abs(token.weight - (base - (await plainScore(occluded, target))))).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('weighs the word this toy LSTM decides on heaviest (its first known sentiment word), the others near 0', async () => {
    for (const [t, key] of [
      ['good product broke', 'good'],
      ['love it but awful delivery', 'love'],
    ] as const) {
      const tokens = (await classify({ text: t, explain: true })).explanation.tokens as Token[];
      const heaviest = tokens.reduce((a, b) => (b.weight > a.weight ? b : a));
      expect(heaviest.text).toBe(key);
      expect(heaviest.weight).toBeGreaterThan(0.5);
      for (const token of tokens) if (token !== heaviest) expect(Math.abs(token.weight)).toBeLessThan(0.01);
    }
  });
});
