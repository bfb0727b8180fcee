import '../http/support/quiet-env';
import fc from 'fast-check';
import { handler as classifyHandler } from '../../handlers/classify';
import { handler as batchHandler } from '../../handlers/classify-batch';
import { config } from '../../lib/config';
import { occludeSpan } from '../../lib/model/inputs/parts';
import { createClassifyHandler } from '../../lib/routes/classify';
import { bodyOf, jsonEvent, lambdaContext } from '../http/support/events';
import { FakeClassifier } from '../http/support/fake-classifier';

jest.setTimeout(120_000);

type Token = { text: string; start: number; end: number; weight: number };

async function classify(body: unknown) {
  const response = await classifyHandler(jsonEvent(body), lambdaContext());
  return { status: response.statusCode, body: bodyOf(response) };
}

/**
 * The score a plain request gives `label` for `text` (every label asked for, so it is there). A text left blank by
 * the occlusion of its only word is one the API refuses; "." is the same model input (no words at all).
 */
async function plainScore(text: string, label: string): Promise<number> {
  const { status, body } = await classify({ text: /\S/u.test(text) ? text : '.', topK: 1000 });
  expect(status).toBe(200);
  return body.top.find((entry: { label: string }) => entry.label === label).score;
}

/** Words the default model knows, stop words, punctuation and other scripts, mixed into texts. */
const piece = fc.constantFrom(
  'my',
  'card',
  'stolen',
  'refund',
  'the',
  'top',
  'up',
  'PIN',
  'ATM',
  'exchange',
  'rate',
  'why',
  'is',
  'Karte',
  '¿',
  '!!',
  '😀',
  'ｃａｒｄ',
  'İ',
  'café',
  'ΟΔΟΣ',
  '银行卡',
  'can’t',
  '-',
);
const text = fc.array(piece, { minLength: 1, maxLength: 9 }).chain((words) =>
  fc.array(fc.constantFrom(' ', '  ', ', ', '\n', '.'), { minLength: words.length, maxLength: words.length }).map(
    (gaps) =>
      words
        .map((w, i) => w + gaps[i])
        .join('')
        .trim() || 'card',
  ),
);

describe('"explain": true on the default model', () => {
  it('gives each word the weight two plain requests give it: score(target | text) - score(target | word replaced by a space)', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const { status, body } = await classify({ text: t, explain: true });
        expect(status).toBe(200);
        const { target, tokens } = body.explanation as { target: string; tokens: Token[] };
        const base = await plainScore(t, target);
        for (const token of tokens) {
          expect(t.slice(token.start, token.end)).toBe(token.text);
          expect(
            Math.abs(token.weight - (base - (await plainScore(occludeSpan(t, token.start, token.end), target)))),
          ).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 40 },
    );
  });

  it.each([
    ['someone stole my wallet with my card inside', ['stole', 'wallet', 'card']],
    ['What is the exchange rate for euros?', ['exchange', 'rate', 'euros']],
    ['my card payment was declined at the shop', ['declined', 'payment']],
    ['how do I top up with apple pay', ['apple', 'pay']],
    ['why was I charged a fee for the transfer', ['charged', 'fee', 'transfer']],
  ])('weighs a key word of %j heaviest, not a stop word or a neighbour', async (t, keys) => {
    const { body } = await classify({ text: t, explain: true });
    const tokens = body.explanation.tokens as Token[];
    expect(tokens.map((token) => token.text)).toEqual(t.match(/[\p{L}\p{N}']+/gu));
    const heaviest = tokens.reduce((a, b) => (b.weight > a.weight ? b : a));
    expect(keys).toContain(heaviest.text);
  });

  it('answers exactly as without explain, and explains the top label when the answer abstained', async () => {
    for (const t of ['Hello', 'my card has not arrived yet']) {
      const plain = await classify({ text: t, topK: 2, threshold: 0.5 });
      const explained = await classify({ text: t, topK: 2, threshold: 0.5, explain: true });
      const { explanation, ...answer } = explained.body;
      expect(answer).toEqual(plain.body);
      expect(explanation.target).toBe(plain.body.top[0].label);
    }
    const abstained = await classify({ text: 'Hello', threshold: 1, explain: true });
    expect(abstained.body).toMatchObject({ abstained: true, label: 'out_of_scope' });
    expect(abstained.body.explanation.target).toBe(abstained.body.top[0].label);
  });

  it('weighs the first 64 words of a longer text and says it is truncated', async () => {
    const words = Array.from({ length: 70 }, (_, i) => (i % 2 ? 'card' : `w${i}`));
    const { body } = await classify({ text: words.join(' '), explain: true });
    expect(body.explanation.truncated).toBe(true);
    expect(body.explanation.tokens.map((token: Token) => token.text)).toEqual(words.slice(0, 64));
    const short = await classify({ text: words.slice(0, 64).join(' '), explain: true });
    expect(short.body.explanation.truncated).toBe(false);
  });

  it.each(['card', '!!! ???', '😀😀', '银行卡丢了', 'zalgo: z̷̢a̵l̶g̸o̴'])(
    'explains %j without failing (tokens possibly empty)',
    async (t) => {
      const { status, body } = await classify({ text: t, explain: true });
      expect(status).toBe(200);
      for (const token of body.explanation.tokens as Token[]) expect(t.slice(token.start, token.end)).toBe(token.text);
      if (t === '!!! ???') expect(body.explanation.tokens).toEqual([]);
    },
  );

  it('explains every item of a batch as /classify explains it alone, ids echoed', async () => {
    const items = ['my card was stolen', { id: 'b', text: 'refund please' }];
    const response = await batchHandler(jsonEvent({ items, explain: true }, '/classify/batch'), lambdaContext());
    expect(response.statusCode).toBe(200);
    const { results } = bodyOf(response);
    expect(results[1].id).toBe('b');
    for (const [i, t] of ['my card was stolen', 'refund please'].entries()) {
      const alone = (await classify({ text: t, explain: true })).body.explanation;
      expect(results[i].explanation.target).toBe(alone.target);
      expect(results[i].explanation.tokens.map((token: Token) => token.text)).toEqual(
        alone.tokens.map((token: Token) => token.text),
      );
      results[i].explanation.tokens.forEach((token: Token, j: number) =>
        expect(token.weight).toBeCloseTo(alone.tokens[j].weight, 4),
      );
    }
    const plain = bodyOf(await batchHandler(jsonEvent({ items }, '/classify/batch'), lambdaContext()));
    expect(plain.results.every((r: object) => !('explanation' in r))).toBe(true);
  });

  it('answers 413 naming /items for more explained items than MAX_EXPLAINED_ITEMS', async () => {
    const items = Array.from({ length: config.maxExplainedItems + 1 }, (_, i) => `card ${i}`);
    const response = await batchHandler(jsonEvent({ items, explain: true }, '/classify/batch'), lambdaContext());
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ path: '/items' }] });
  });

  it('answers 400 naming /explain when it is not a boolean', async () => {
    for (const explain of ['true', 1, null]) {
      const { status, body } = await classify({ text: 'card', explain });
      expect(status).toBe(400);
      expect(body.error.details).toEqual([{ path: '/explain', message: 'must be a boolean' }]);
    }
  });

  it('answers 400 naming /explain when the model cannot explain', async () => {
    const handler = createClassifyHandler({ getClassifier: async () => new FakeClassifier() });
    const response = await handler(jsonEvent({ text: 'card', explain: true }), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual([
      { path: '/explain', message: expect.stringContaining('cannot be explained') },
    ]);
  });
});
