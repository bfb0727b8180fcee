/** Fuzzed requests for the body routes, each tagged with the kinds of input it contains (for the tally). */
import fc from 'fast-check';
import type { RequestParts } from './events';
import { anythingBody, base64, jsonValueBody, nearMissBody, PROTO_KEYS, stringBody } from './bodies';
import { headerCase, JSON_HEADERS } from './headers';
import type { ContentTypeClass } from './oracle';
import { blankText, fuzzText, unicodeKinds } from './unicode';

/** One fuzzed request: what to send, how its Content-Type is classified, and what kinds of input it holds. */
export interface FuzzCase {
  kinds: string[];
  parts: RequestParts;
  contentType: ContentTypeClass;
}

/** A JSON body sent with a plain JSON Content-Type. */
export function plain(kind: string, body: fc.Arbitrary<string | null>): fc.Arbitrary<FuzzCase> {
  return body.map((b) => ({ kinds: [kind], parts: { body: b, headers: JSON_HEADERS }, contentType: 'json' as const }));
}

/** Values of the wrong type for a field that must be a string. */
export const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** `topK` values: valid integers (some huge), and every kind of invalid one. */
export const anyTopK = fc.oneof(
  fc.integer({ min: 1, max: 100 }),
  fc.constantFrom(1e300, 2 ** 53, Number.MAX_SAFE_INTEGER, 1.0),
  fc.integer({ min: -1000, max: 0 }),
  fc.constantFrom(1.5, -0, 0.0001, '3', '', 'three', true, null, [3], { k: 3 }),
  fc.double(),
);

/** A field name the contract does not know (possibly a prototype key, possibly huge). */
export const unknownKey = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.constantFrom(...PROTO_KEYS, 'topk', 'Text', 'text ', 'TOPK', 'items'),
    fc.string({ unit: 'binary', minLength: 65, maxLength: 300 }),
  )
  .filter((key) => key !== 'body');

/**
 * Wraps body cases with the awkward transports: every kind of Content-Type (valid body inside), and base64 (the
 * flag set with an encoded body, or set on a body that is not encoded).
 */
export function transports(
  validBody: fc.Arbitrary<string>,
  anyBody: fc.Arbitrary<string | null>,
): fc.Arbitrary<FuzzCase>[] {
  return [
    fc.tuple(headerCase, validBody).map(([h, body]): FuzzCase => ({
      kinds: [h.kind],
      parts: { body, headers: h.headers },
      contentType: h.contentType,
    })),
    fc.oneof(validBody, anyBody).map((body): FuzzCase => ({
      kinds: ['base64-encoded body'],
      parts: { body: body === null ? null : base64(body), headers: JSON_HEADERS, isBase64Encoded: true },
      contentType: 'json',
    })),
    validBody.map((body): FuzzCase => ({
      kinds: ['base64 flag on a plain body'],
      parts: { body, headers: JSON_HEADERS, isBase64Encoded: true },
      contentType: 'json',
    })),
    fc.constantFrom(null, '').map((body): FuzzCase => ({
      kinds: ['missing body'],
      parts: { body, headers: JSON_HEADERS },
      contentType: 'json',
    })),
  ];
}

/** Generic garbage for any body route: arbitrary JSON values, arbitrary JS values, arbitrary strings, near-JSON. */
export function garbage(validBody: fc.Arbitrary<string>): fc.Arbitrary<FuzzCase>[] {
  return [
    plain('arbitrary JSON value', jsonValueBody),
    plain('arbitrary JS value (proto keys, boxed, sparse)', anythingBody),
    plain('arbitrary string', stringBody),
    plain('near-miss JSON', nearMissBody(validBody)),
  ];
}

/** A JSON object text with a prototype key holding `inner` (built as text: an object literal would set the prototype). */
export function protoMember(key: string, inner: string): string {
  return `${JSON.stringify(key)}:${inner}`;
}

/** The pollution payload the prototype-key cases carry; Object.prototype must never gain it. */
export const POLLUTION = '{"polluted":"yes","text":"from the prototype","topK":"x","items":["x"]}';

/** Text for a body field, any unicode, sometimes blank. */
export const anyText = fc.oneof(fuzzText(30), blankText);

/** Adds the unicode kinds found in the texts to a case's kinds. */
export function withUnicodeKinds(fuzzCase: FuzzCase, texts: readonly string[]): FuzzCase {
  const kinds = new Set(texts.flatMap(unicodeKinds).map((k) => `text with ${k}`));
  return { ...fuzzCase, kinds: [...fuzzCase.kinds, ...kinds] };
}
