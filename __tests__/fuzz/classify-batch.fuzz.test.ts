/**
 * POST /classify/batch through its real handler (real middy stack, real model): any request gets the contract's
 * answer; accepted batches come back in request order with ids echoed; the item limit holds at its edge.
 */
import './support/env';
import fc from 'fast-check';
import { handler } from '../../handlers/classify-batch';
import { config } from '../../lib/config';
import { classifierLoader } from '../../lib/serving/classifier';
import { nested, PROTO_KEYS } from './support/bodies';
import {
  anyText,
  anyTopK,
  garbage,
  notAString,
  POLLUTION,
  protoMember,
  transports,
  unknownKey,
  withUnicodeKinds,
  type FuzzCase,
} from './support/cases';
import { JSON_HEADERS } from './support/headers';
import { sendChecked } from './support/send';
import { servedModel } from './support/served-model';
import { Tally } from './support/tally';
import { fuzzText, nonBlankText, textOfCodePoints } from './support/unicode';
import { classifyWithAbstention, policyInForce } from '../../lib/model/abstain';

jest.setTimeout(60_000);

const info = servedModel();
const tally = new Tally('POST /classify/batch: fuzzed inputs by kind');
const send = (fuzzCase: FuzzCase) => sendChecked('/classify/batch', handler, fuzzCase, info, tally);

type Item = string | { id?: string; text: string };

const anyId = fc.oneof(fc.string({ maxLength: 12 }), fuzzText(6), fc.constant(''), fc.constantFrom(...PROTO_KEYS));
const validItem: fc.Arbitrary<Item> = fc.oneof(
  nonBlankText(10),
  fc.record({ text: nonBlankText(10) }),
  fc.record({ id: anyId, text: nonBlankText(10) }),
);
const validBatch = fc.record(
  { items: fc.array(validItem, { minLength: 1, maxLength: 12 }), topK: fc.integer({ min: 1, max: 100 }) },
  { requiredKeys: ['items'] },
);
const validBody = validBatch.map((batch) => JSON.stringify(batch));

/** An item that breaks the schema in one way or another. */
const invalidItem = fc.oneof(
  notAString.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v))),
  fc.record({ id: anyId }),
  fc.record({ id: notAString, text: nonBlankText(4) }),
  fc.record({ text: notAString }),
  fc.record({ text: anyText.filter((t) => !/\S/u.test(t)) }),
  fc
    .tuple(nonBlankText(4), unknownKey)
    .map(([text, key]) => JSON.parse(`{"text":${JSON.stringify(text)},${protoMember(key, '1')}}`)),
  fc.constant([['nested', ['array']]]),
);

function plainCase(kind: string, body: string | null): FuzzCase {
  return { kinds: [kind], parts: { body, headers: JSON_HEADERS }, contentType: 'json' };
}

function textsOf(items: readonly Item[]): string[] {
  return items.map((item) => (typeof item === 'string' ? item : item.text));
}

const batchShaped: fc.Arbitrary<FuzzCase>[] = [
  validBatch.map((batch) => withUnicodeKinds(plainCase('valid batch', JSON.stringify(batch)), textsOf(batch.items))),
  fc
    .tuple(fc.array(validItem, { maxLength: 5 }), invalidItem, fc.array(validItem, { maxLength: 5 }))
    .map(([before, bad, after]) =>
      plainCase('batch with one invalid item', JSON.stringify({ items: [...before, bad, ...after] })),
    ),
  fc
    .record({ items: fc.array(validItem, { minLength: 1, maxLength: 4 }), topK: anyTopK })
    .map((b) => plainCase('batch with topK of any type', JSON.stringify(b))),
  fc
    .oneof(notAString, fc.constant([]), fc.string())
    .map((items) => plainCase('items not a non-empty array', JSON.stringify({ items }))),
  fc.record({ text: nonBlankText(6) }).map((b) => plainCase('a /classify body sent to the batch', JSON.stringify(b))),
];

afterAll(() => {
  console.log(tally.summary());
});

describe('POST /classify/batch under fuzzing', () => {
  it('answers any request with the outcome the contract gives it', async () => {
    const anyCase = fc.oneof(
      ...batchShaped,
      ...garbage(validBody),
      ...transports(validBody, fc.oneof(validBody, fc.string())),
    );
    await fc.assert(
      fc.asyncProperty(anyCase, async (fuzzCase) => void (await send(fuzzCase))),
      { numRuns: 2800 },
    );
  });

  it('returns one result per item, in request order, with ids echoed, exactly as one vectorised prediction gives them', async () => {
    const classifier = await classifierLoader.get();
    await fc.assert(
      fc.asyncProperty(validBatch, async (batch) => {
        const { response, body } = await send(
          withUnicodeKinds(
            plainCase('valid batch (order and ids checked)', JSON.stringify(batch)),
            textsOf(batch.items),
          ),
        );
        expect(response.statusCode).toBe(200);
        const { policy } = policyInForce(classifier.info.abstain, config.abstainThreshold);
        const expected = classifyWithAbstention(
          classifier,
          textsOf(batch.items),
          batch.topK ?? config.defaultTopK,
          policy,
        );
        expect(body.results).toEqual(
          expected.map((prediction, i) => {
            const item = batch.items[i]!;
            return typeof item === 'object' && item.id !== undefined ? { id: item.id, ...prediction } : prediction;
          }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('serves exactly MAX_BATCH_ITEMS items and answers 413 to one more (400 first if an item is invalid)', async () => {
    const max = config.maxBatchItems;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(max, max + 1, max + 1 + 20),
        fc.boolean(),
        validItem,
        async (count, withBadItem, item) => {
          const items: unknown[] = Array.from({ length: count }, () => item);
          if (withBadItem) items[count - 1] = { id: 7 };
          const kind = withBadItem
            ? 'batch at/over the item limit with a bad item'
            : count === max
              ? 'batch exactly at the item limit'
              : 'batch over the item limit';
          const { response, body } = await send(plainCase(kind, JSON.stringify({ items })));
          if (withBadItem) expect(body.error.code).toBe('INVALID_REQUEST');
          else if (count === max) expect(body.results).toHaveLength(max);
          else expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ path: '/items' }] });
          expect(response.statusCode).toBe(withBadItem ? 400 : count === max ? 200 : 413);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('names the item whose text is over MAX_TEXT_CHARS (413), counting code points', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(validItem, { maxLength: 5 }),
        textOfCodePoints(config.maxTextChars + 1),
        fc.boolean(),
        async (others, long, asObject) => {
          const items = [...others, asObject ? { id: 'long', text: long } : long];
          const { body } = await send(plainCase('batch item over the text limit', JSON.stringify({ items })));
          expect(body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
          expect(body.error.details).toContainEqual(
            expect.objectContaining({ path: asObject ? `/items/${others.length}/text` : `/items/${others.length}` }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses unknown fields, at the top and inside items (400 naming them)', async () => {
    await fc.assert(
      fc.asyncProperty(
        validBatch,
        unknownKey.filter((k) => k.length <= 64 && !['items', 'topK', 'id', 'text'].includes(k)),
        fc.boolean(),
        async (batch, key, inItem) => {
          const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
          let body: string;
          let path: string;
          if (inItem) {
            const items = batch.items.map((item) => JSON.stringify(typeof item === 'string' ? { text: item } : item));
            items[0] = `${items[0]!.slice(0, -1)},${protoMember(key, '"x"')}}`;
            body = `{"items":[${items.join(',')}]}`;
            path = `/items/0/${escaped}`;
          } else {
            body = `${JSON.stringify(batch).slice(0, -1)},${protoMember(key, '"x"')}}`;
            path = `/${escaped}`;
          }
          const answer = await send(
            plainCase(inItem ? 'batch item + unknown field' : 'valid batch + unknown field', body),
          );
          expect(answer.body.error.code).toBe('INVALID_REQUEST');
          expect(answer.body.error.details).toContainEqual({ path, message: 'is not an allowed field' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never lets a prototype key through or into Object.prototype', async () => {
    const member = fc.constantFrom(...PROTO_KEYS).map((key) => protoMember(key, POLLUTION));
    const body = fc.oneof(
      member.map((m) => `{"items":["where is my card"],${m}}`),
      member.map((m) => `{"items":[{"text":"where is my card",${m}}]}`),
      member.map((m) => `{"items":[{${m}}]}`),
      member.map((m) => `{${m}}`),
      fc
        .tuple(member, fc.integer({ min: 1, max: 50 }))
        .map(([m, depth]) => `{"items":[${nested(depth, 'array', `{${m}}`)}]}`),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const { response } = await send(plainCase('prototype keys (__proto__, constructor, ...)', b));
        expect(response.statusCode).toBe(400);
      }),
      { numRuns: 150 },
    );
  });

  it('generated every kind of input it claims to', () => {
    for (const kind of [
      'valid batch',
      'batch with one invalid item',
      'batch exactly at the item limit',
      'batch over the item limit',
      'arbitrary JSON value',
      'near-miss JSON',
      'base64-encoded body',
      'content-type: refused',
      'text with lone surrogates',
      'text with emoji',
    ]) {
      expect({ kind, seen: tally.get(kind) > 0 }).toEqual({ kind, seen: true });
    }
  });
});
