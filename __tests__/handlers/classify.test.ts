import '../http/support/quiet-env';
import { handler } from '../../handlers/classify';
import { tf } from '../../lib/model/tf/index';
import { SECURITY_HEADERS } from '../../lib/http/middleware/security-headers';
import { bodyOf, jsonEvent, lambdaContext, loadEvent, postEvent } from '../http/support/events';
import { readManifest } from '../http/support/model-bundle';

const manifest = readManifest();

async function classify(body: unknown) {
  const response = await handler(jsonEvent(body), lambdaContext());
  return { status: response.statusCode, body: bodyOf(response) };
}

describe('POST /classify with the real model', () => {
  it('answers events/classify.json with the best label, the top labels best first, and the model', async () => {
    const event = loadEvent('classify');
    const { topK } = JSON.parse(event.body!) as { topK: number };
    const response = await handler(event, lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject(SECURITY_HEADERS);
    const body = bodyOf(response);
    expect(Object.keys(body).sort()).toEqual(['abstained', 'label', 'model', 'score', 'top']);
    expect(body.model).toEqual({ name: manifest.name, version: manifest.version });
    expect(body.top).toHaveLength(topK);
    expect(body.top[0]).toEqual({ label: body.label, score: body.score });
    const scores = body.top.map((entry: { score: number }) => entry.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const entry of body.top) {
      expect(manifest.labels).toContain(entry.label);
      expect(entry.score).toBeGreaterThanOrEqual(0);
      expect(entry.score).toBeLessThanOrEqual(1);
    }
    expect(new Set(body.top.map((entry: { label: string }) => entry.label)).size).toBe(body.top.length);
  });

  it('returns DEFAULT_TOP_K (3) labels when topK is absent', async () => {
    expect((await classify({ text: 'I lost my card' })).body.top).toHaveLength(3);
  });

  it.each([
    [1, 1],
    [5, 5],
    [1_000_000, manifest.labels.length],
  ])('topK %d gives %d labels (clamped to the number of labels)', async (topK, expected) => {
    const { status, body } = await classify({ text: 'how do I top up by card?', topK });
    expect(status).toBe(200);
    expect(body.top).toHaveLength(expected);
  });

  it('gives the same answer to the same text, whatever topK', async () => {
    const a = await classify({ text: 'my transfer has not arrived yet', topK: 1 });
    const b = await classify({ text: 'my transfer has not arrived yet', topK: 10 });
    expect(b.body.label).toBe(a.body.label);
    expect(b.body.score).toBeCloseTo(a.body.score, 6);
  });

  it('accepts a text at exactly MAX_TEXT_CHARS (2000) and unusual unicode', async () => {
    for (const text of ['é'.repeat(2000), '😀'.repeat(2000), 'card \u0000 \u202e عربى \u0301 \ud800']) {
      const { status, body } = await classify({ text });
      expect(status).toBe(200);
      expect([...manifest.labels, manifest.abstain!.label]).toContain(body.label); // gibberish may abstain
      expect(manifest.labels).toContain(body.top[0].label);
    }
  });

  it('answers a text of 2001 characters with 413', async () => {
    const { status, body } = await classify({ text: 'x'.repeat(2001) });
    expect(status).toBe(413);
    expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ path: '/text' }] });
  });

  it('answers a body over MAX_BODY_BYTES (1 MiB) with 413 before parsing it', async () => {
    const body = `{"text": "${'a'.repeat(1_048_576)}"}`;
    const response = await handler(
      postEvent('/classify', body, { 'Content-Type': 'application/json' }),
      lambdaContext(),
    );
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('leaks no tensors across many valid and invalid requests', async () => {
    await classify({ text: 'warm' });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      const body =
        i % 4 === 0
          ? { text: '' }
          : i % 4 === 1
            ? { text: `card number ${i}`, topK: (i % 7) + 1 }
            : { text: `refund ${i}` };
      await classify(body);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
