/** Request bodies of every awkward kind, as raw strings (the form API Gateway hands them over in). */
import fc from 'fast-check';
import { fuzzText } from './unicode';

/** Keys that mean something to JavaScript objects: a parser or validator that trips on them pollutes prototypes. */
export const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
] as const;

/** Any JSON value, as text. */
export const jsonValueBody = fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value));

/** Anything JavaScript can hold, serialised (undefined and functions vanish; NaN and Infinity become null). */
export const anythingBody = fc
  .anything({
    maxDepth: 4,
    key: fc.oneof(fc.string(), fc.constantFrom('text', 'items', 'topK', 'threshold', 'id', ...PROTO_KEYS)),
    withBoxedValues: true,
    withNullPrototype: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
  })
  .map((value) => JSON.stringify(value) ?? null);

/** A raw string body: mostly not JSON at all. */
export const stringBody = fc.oneof(fuzzText(40), fc.string({ unit: 'binary', maxLength: 200 }));

/**
 * Almost-JSON: a valid body cut short, with a character dropped or inserted, with JSON5-isms, a BOM, or
 * surrounded by whitespace (which is still valid JSON).
 */
export function nearMissBody(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(valid, fc.nat()).map(([body, at]) => body.slice(0, at % Math.max(1, body.length))),
    fc.tuple(valid, fc.nat()).map(([body, at]) => {
      const i = at % Math.max(1, body.length);
      return body.slice(0, i) + body.slice(i + 1);
    }),
    fc
      .tuple(valid, fc.nat(), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'x', '\n'))
      .map(([body, at, c]) => {
        const i = at % Math.max(1, body.length);
        return body.slice(0, i) + c + body.slice(i);
      }),
    valid.map((body) => `\ufeff${body}`),
    valid.map((body) => `${body},`),
    valid.map((body) => `${body}${body}`),
    valid.map((body) => body.replace(/"/g, "'")),
    valid.map((body) => `// comment\n${body}`),
    valid.map((body) => body.replace(/}$/, ',}')),
    fc
      .tuple(fc.constantFrom(' ', '\n', '\t', '\r\n'), valid, fc.constantFrom(' ', '\n', '\t', '\r\n'))
      .map((parts) => parts.join('')),
    fc.constantFrom(
      '',
      ' ',
      'null',
      'true',
      '0',
      '-0',
      '1e400',
      '""',
      '[]',
      '{}',
      'NaN',
      'Infinity',
      'undefined',
      '{"text": NaN}',
      '{"text": "a"',
    ),
  );
}

/** Builds `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels around `inner` (text, not objects: no recursion to build it). */
export function nested(depth: number, shape: 'array' | 'object', inner = '1'): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
}

/** A nesting depth from modest to far beyond what a recursive parser or validator survives. */
export const nestingDepth = fc.oneof(
  fc.integer({ min: 1, max: 100 }),
  fc.integer({ min: 1_000, max: 20_000 }),
  fc.integer({ min: 100_000, max: 200_000 }),
);

/** `n` copies of a JSON member, joined into one object body: many keys, or the same key many times. */
export function manyMembers(count: number, member: (i: number) => string): string {
  return `{${Array.from({ length: count }, (_, i) => member(i)).join(',')}}`;
}

/** Base64 as API Gateway sends binary bodies. */
export function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
