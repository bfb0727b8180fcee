/**
 * `"explain"` on both routes through the real handlers (real stack, default model): whatever the text (one word,
 * punctuation only, emoji, other scripts, zalgo) and whatever the flag's type, the answer is the one the contract
 * gives it, and an explanation's tokens are slices of the text as sent.
 */
import './support/env';
import fc from 'fast-check';
import { handler as classifyHandler } from '../../handlers/classify';
import { handler as batchHandler } from '../../handlers/classify-batch';
import { config } from '../../lib/config';
import { notAString, withUnicodeKinds, type FuzzCase } from './support/cases';
import { JSON_HEADERS } from './support/headers';
import { sendChecked } from './support/send';
import { servedModel } from './support/served-model';
import { Tally } from './support/tally';
import { nonBlankText } from './support/unicode';

jest.setTimeout(120_000);

const info = servedModel();
const tally = new Tally('"explain": fuzzed requests by kind');

const anyExplain = fc.oneof(
  { arbitrary: fc.constant(true), weight: 6 },
  { arbitrary: fc.constant(false), weight: 1 },
  {
    arbitrary: fc.oneof(
      notAString.filter((v) => typeof v !== 'boolean'),
      fc.constantFrom('true', 1, 0, null),
    ),
    weight: 2,
  },
);

function jsonCase(kind: string, body: unknown, texts: readonly string[]): FuzzCase {
  return withUnicodeKinds(
    { kinds: [kind], parts: { body: JSON.stringify(body), headers: JSON_HEADERS }, contentType: 'json' },
    texts,
  );
}

afterAll(() => {
  console.log(tally.summary());
});

describe('"explain" under fuzzing', () => {
  it('POST /classify: explains any text it answers, and refuses a flag that is not a boolean', async () => {
    const request = fc.record(
      { text: nonBlankText(), explain: anyExplain, topK: fc.integer({ min: 1, max: 5 }) },
      { requiredKeys: ['text', 'explain'] },
    );
    await fc.assert(
      fc.asyncProperty(request, async (body) => {
        const kind = typeof body.explain === 'boolean' ? `explain ${body.explain}` : 'explain not a boolean';
        const { response, body: answer } = await sendChecked(
          '/classify',
          classifyHandler,
          jsonCase(kind, body, [body.text]),
          info,
          tally,
        );
        if (typeof body.explain !== 'boolean')
          expect(answer.error.details).toContainEqual(expect.objectContaining({ path: '/explain' }));
        else expect(response.statusCode).toBe(200);
      }),
      { numRuns: 400 },
    );
  });

  it('POST /classify/batch: explains every item up to the explained-item cap, 413 beyond it', async () => {
    const item = fc.oneof(nonBlankText(12), fc.record({ id: fc.string({ maxLength: 4 }), text: nonBlankText(12) }));
    const request = fc.record({
      items: fc.oneof(
        fc.array(item, { minLength: 1, maxLength: 4 }),
        fc.array(item, { minLength: config.maxExplainedItems, maxLength: config.maxExplainedItems + 2 }),
      ),
      explain: anyExplain,
    });
    await fc.assert(
      fc.asyncProperty(request, async (body) => {
        const texts = body.items.map((i) => (typeof i === 'string' ? i : i.text));
        const over = body.explain === true && body.items.length > config.maxExplainedItems;
        const { response } = await sendChecked(
          '/classify/batch',
          batchHandler,
          jsonCase(over ? 'explained batch over the cap' : 'batch', body, texts),
          info,
          tally,
        );
        if (over) expect(response.statusCode).toBe(413);
      }),
      { numRuns: 60 },
    );
  });
});
