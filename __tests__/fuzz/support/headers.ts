import fc from 'fast-check';
import type { ContentTypeClass } from './oracle';

/** `text` with each letter in upper or lower case at random. */
export function anyCase(text: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
}

const separator = fc.constantFrom(';', '; ', ' ;', ' ; ', ';\t');
const utf8 = fc.constantFrom('utf-8', 'UTF-8', 'utf8', 'Utf-8', '"utf-8"', '"UTF-8"');

/** Content-Types the contract accepts: `application/json` in any case, optionally with a UTF-8 charset. */
export const acceptedContentType: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', ' '),
    anyCase('application/json'),
    fc.option(fc.tuple(separator, anyCase('charset'), utf8), { nil: undefined }),
    fc.constantFrom('', ' '),
  )
  .map(
    ([lead, type, charset, trail]) =>
      `${lead}${type}${charset ? `${charset[0]}${charset[1]}=${charset[2]}` : ''}${trail}`,
  );

/** Content-Types the contract refuses: other media types, JSON in another charset, nothing at all. */
export const refusedContentType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'text/plain',
    'text/json',
    'text/html; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'application/xml',
    'application/octet-stream',
    'application/jsonp',
    'application/json5',
    'application/jsonl',
    'application/json-seq',
    'application/',
    'application',
    'json',
    '*/*',
    'application/*',
    '',
    ' ',
  ),
  fc
    .tuple(
      anyCase('application/json'),
      separator,
      fc.constantFrom('charset=latin1', 'charset=iso-8859-1', 'charset=utf-16', 'charset=us-ascii', 'charset=utf-32le'),
    )
    .map((parts) => parts.join('')),
);

/** Any string at all as a Content-Type: the contract leaves only the JSON ones open, so either answer is allowed. */
export const randomContentType: fc.Arbitrary<string> = fc.string({ unit: 'binary', maxLength: 60 });

const headerName = anyCase('content-type');

/** Ordinary headers a client sends besides the Content-Type. */
const BASE_HEADERS = {
  Accept: 'application/json',
  Host: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
  'User-Agent': 'fuzz/1.0',
};

/** A request's headers and how its Content-Type is classified, with the kind for the tally. */
export interface HeaderCase {
  kind: string;
  headers: Record<string, string> | null;
  contentType: ContentTypeClass;
}

const withContentType = (name: string, value: string) => ({ ...BASE_HEADERS, [name]: value });

/** Every kind of Content-Type situation: accepted, refused, random, missing, no headers at all, duplicated. */
export const headerCase: fc.Arbitrary<HeaderCase> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(headerName, acceptedContentType).map(([n, v]): HeaderCase => ({
      kind: 'content-type: accepted variant',
      headers: withContentType(n, v),
      contentType: 'json',
    })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(headerName, refusedContentType).map(([n, v]): HeaderCase => ({
      kind: 'content-type: refused',
      headers: withContentType(n, v),
      contentType: 'not-json',
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(headerName, randomContentType).map(([n, v]): HeaderCase => ({
      kind: 'content-type: random string',
      headers: withContentType(n, v),
      contentType: 'either',
    })),
  },
  {
    weight: 1,
    arbitrary: fc.constant<HeaderCase>({
      kind: 'content-type: missing',
      headers: { ...BASE_HEADERS },
      contentType: 'not-json',
    }),
  },
  { weight: 1, arbitrary: fc.constant<HeaderCase>({ kind: 'headers: null', headers: null, contentType: 'not-json' }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(headerName, headerName, acceptedContentType, refusedContentType, fc.boolean())
      .filter(([a, b]) => a !== b)
      .map(([a, b, good, bad, goodFirst]): HeaderCase => ({
        kind: 'content-type: duplicated, conflicting',
        headers: { ...BASE_HEADERS, [a]: goodFirst ? good : bad, [b]: goodFirst ? bad : good },
        contentType: 'either',
      })),
  },
);

/** The headers of a plain JSON request. */
export const JSON_HEADERS: Record<string, string> = withContentType('Content-Type', 'application/json');
