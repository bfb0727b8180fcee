import '../http/support/quiet-env';
import { handler } from '../../handlers/classify-batch';
import { handler as classifyHandler } from '../../handlers/classify';
import { tf } from '../../lib/model/tf/index';
import { classifierLoader } from '../../lib/serving/classifier';
import { bodyOf, jsonEvent, lambdaContext, loadEvent } from '../http/support/events';
import { readManifest } from '../http/support/model-bundle';

const manifest = readManifest();

async function batch(body: unknown) {
  const response = await handler(jsonEvent(body, '/classify/batch'), lambdaContext());
  return { status: response.statusCode, body: bodyOf(response) };
}

async function single(text: string, topK: number) {
  return bodyOf(await classifyHandler(jsonEvent({ text, topK }), lambdaContext()));
}

describe('POST /classify/batch with the real model', () => {
  it('answers events/classify-batch.json in request order, ids echoed, same answers as single calls', async () => {
    const event = loadEvent('classify-batch');
    const request = JSON.parse(event.body!) as { items: (string | { id?: string; text: string })[]; topK: number };
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(200);
    const { results, model } = bodyOf(response);
    expect(model).toEqual({ name: manifest.name, version: manifest.version });
    expect(results).toHaveLength(request.items.length);
    for (const [index, item] of request.items.entries()) {
      const result = results[index];
      const text = typeof item === 'string' ? item : item.text;
      if (typeof item === 'object' && item.id !== undefined) expect(result.id).toBe(item.id);
      else expect(result).not.toHaveProperty('id');
      expect(result.top).toHaveLength(request.topK);
      const alone = await single(text, request.topK);
      expect(result.label).toBe(alone.label);
      expect(result.score).toBeCloseTo(alone.score, 5);
    }
  });

  it('sends the whole batch to the classifier in ONE call', async () => {
    const classifier = await classifierLoader.get();
    const spy = jest.spyOn(classifier, 'classify');
    try {
      const items = Array.from({ length: 40 }, (_, i) =>
        i % 2 ? `lost card ${i}` : { id: `id-${i}`, text: `refund ${i}` },
      );
      const { status, body } = await batch({ items });
      expect(status).toBe(200);
      expect(body.results.map((r: { id?: string }) => r.id)).toEqual(
        items.map((item) => (typeof item === 'string' ? undefined : item.id)),
      );
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]?.[0]).toHaveLength(40);
    } finally {
      spy.mockRestore();
    }
  });

  it('accepts exactly MAX_BATCH_ITEMS (128) items and refuses 129 with 413', async () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => `text ${i}`);
    expect((await batch({ items: items(128) })).status).toBe(200);
    const over = await batch({ items: items(129) });
    expect(over.status).toBe(413);
    expect(over.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ path: '/items' }] });
  });

  it('uses DEFAULT_TOP_K and clamps topK per item', async () => {
    const { body } = await batch({ items: ['a card question'] });
    expect(body.results[0].top).toHaveLength(3);
    const clamped = await batch({ items: ['x', 'y'], topK: 999 });
    expect(clamped.body.results.map((r: { top: unknown[] }) => r.top.length)).toEqual([
      manifest.labels.length,
      manifest.labels.length,
    ]);
  });

  it('leaks no tensors across batches', async () => {
    await batch({ items: ['warm'] });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++)
      await batch({ items: Array.from({ length: (i % 5) + 1 }, (_, j) => `text ${i} ${j}`) });
    await batch({ items: [] });
    expect(tf.memory().numTensors).toBe(before);
  });
});
