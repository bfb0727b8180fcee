import { mapTransform, replaceTracked, sliceTracked, track, trimTracked, type TrackedText } from '../tracked-text';

/** Quote-like characters folded to a plain apostrophe so "can’t" and "can't" are the same word. */
const APOSTROPHES = /[\u2018\u2019\u201B\u0060\u00B4\u2032]/g;
/** Control and format characters (includes zero-width joiners, BOM, bidi marks). */
const CONTROL = /[\p{Cc}\p{Cf}]/gu;
const WHITESPACE = /\s+/gu;

/**
 * Normalises text for tokenising: Unicode NFKC, lowercase, control/format characters removed,
 * apostrophes unified, whitespace collapsed to single spaces and trimmed, then cut to `maxChars`.
 *
 * The raw input is cut first (to a few times `maxChars`) so very long input costs a bounded amount of work.
 *
 * @param text - raw input text
 * @param maxChars - characters of normalised text kept
 * @param lowercase - whether to lowercase
 */
export function normalizeText(text: string, maxChars: number, lowercase = true): string {
  const head = safeSlice(text, maxChars * 4);
  let s = head.normalize('NFKC');
  if (lowercase) s = s.toLowerCase();
  s = s.replace(CONTROL, ' ').replace(APOSTROPHES, "'").replace(WHITESPACE, ' ').trim();
  return safeSlice(s, maxChars).trimEnd();
}

/**
 * {@link normalizeText}, step by step, keeping for each character of the normalised text the characters of `text`
 * it came from (see `tracked-text.ts`). Its `text` is always exactly `normalizeText(text, maxChars, lowercase)`
 * (each step is checked against the whole-string step; a fuzz test holds them together).
 *
 * @example normalizeTextTracked('Hi  THERE', 100).text // 'hi there'
 */
export function normalizeTextTracked(text: string, maxChars: number, lowercase = true): TrackedText {
  const head = track(safeSlice(text, maxChars * 4));
  let s = mapTransform(head, (piece) => (lowercase ? piece.normalize('NFKC').toLowerCase() : piece.normalize('NFKC')));
  s = replaceTracked(replaceTracked(replaceTracked(s, CONTROL, ' '), APOSTROPHES, "'"), WHITESPACE, ' ');
  s = trimTracked(s);
  return trimTracked(sliceTracked(s, 0, safeSlice(s.text, maxChars).length), 'end');
}

/** Cuts a string to at most `max` UTF-16 units without splitting a surrogate pair. */
function safeSlice(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return s.slice(0, end);
}
