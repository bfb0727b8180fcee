import '../http/support/quiet-env';
import { imported } from './support/sequence-model-env';
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
    expect(body.model).toMatchObject({ name: 'review-lstm', labels: ['negative', 'positive'], input: { kind: 'sequence' } });
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
    expect(bodyOf(response).error.details).toEqual([{ path: '/features', message: expect.stringContaining('it classifies text') }]);
  });
});
