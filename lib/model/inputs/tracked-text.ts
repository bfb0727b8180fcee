/**
 * A string derived from a text, that remembers for each of its UTF-16 units which characters of the text it came
 * from. Explanations need it: a model's words come out of a normalised or lower-cased copy of the text, and the
 * answer must point at the characters the client sent. Each step here mirrors one whole-string step of an input
 * kind's own splitting and is checked against that step's own result, so the words never come from a second
 * tokenizer: where the piecewise result differs from the whole-string one, the step falls back to coarser pieces.
 */
export interface TrackedText {
  readonly text: string;
  /** For each unit of `text`, the first unit of the original it came from. */
  readonly from: readonly number[];
  /** For each unit of `text`, the end (exclusive) of the original units it came from. */
  readonly to: readonly number[];
}

/**
 * A text tracking itself: unit `i` comes from `[i, i + 1)`.
 *
 * @example track('ab').from // [0, 1]
 */
export function track(text: string): TrackedText {
  const from = new Array<number>(text.length);
  const to = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    from[i] = i;
    to[i] = i + 1;
  }
  return { text, from, to };
}

/** Units `[start, end)` of a tracked text, still pointing into the same original. */
export function sliceTracked(t: TrackedText, start: number, end = t.text.length): TrackedText {
  return { text: t.text.slice(start, end), from: t.from.slice(start, end), to: t.to.slice(start, end) };
}

/**
 * The original's units that `t.text.slice(start, end)` came from, as one range.
 *
 * @example spanOf(track('hello world'), 6, 11) // { start: 6, end: 11 }
 */
export function spanOf(t: TrackedText, start: number, end: number): { start: number; end: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = start; i < end; i++) {
    lo = Math.min(lo, t.from[i]!);
    hi = Math.max(hi, t.to[i]!);
  }
  return lo <= hi ? { start: lo, end: hi } : { start: positionAt(t, start), end: positionAt(t, start) };
}

/** Where in the original unit `i` of `t` starts (its end, past the last unit). */
function positionAt(t: TrackedText, i: number): number {
  return i < t.text.length ? t.from[i]! : (t.to[t.text.length - 1] ?? 0);
}

/** Builds a tracked text piece by piece: each piece's units all come from one range of the original. */
class Builder {
  text = '';
  readonly from: number[] = [];
  readonly to: number[] = [];

  push(piece: string, start: number, end: number): void {
    this.text += piece;
    for (let i = 0; i < piece.length; i++) {
      this.from.push(start);
      this.to.push(end);
    }
  }

  pushTracked(t: TrackedText, start: number, end: number): void {
    this.text += t.text.slice(start, end);
    for (let i = start; i < end; i++) {
      this.from.push(t.from[i]!);
      this.to.push(t.to[i]!);
    }
  }

  done(): TrackedText {
    return { text: this.text, from: this.from, to: this.to };
  }
}

/** Every unit of `text` coming from all of `t`: the answer when no finer map can be proven. */
function coarse(t: TrackedText, text: string): TrackedText {
  const b = new Builder();
  const whole = spanOf(t, 0, t.text.length);
  b.push(text, whole.start, whole.end);
  return b.done();
}

/**
 * Made on first use: creating a segmenter loads ICU's break rules (~16 ms), which every cold start of every
 * function would pay at module load, though only explained requests ever segment.
 */
let graphemes: Intl.Segmenter | undefined;
const graphemeSegmenter = (): Intl.Segmenter => (graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));
const WHITESPACE_RUNS = /\s+|\S+/gu;

/**
 * Applies a whole-string transform (Unicode normalisation, lower-casing) so that each output unit remembers its
 * source. The transform runs on each grapheme cluster; when the pieces joined differ from the transform of the whole
 * (a composition across clusters, a final sigma), it runs on whitespace-separated runs instead, and failing that the
 * whole output maps to the whole input. The text is always exactly `transform(t.text)`.
 *
 * @example mapTransform(track('Ab'), (s) => s.toLowerCase()).text // 'ab'
 */
export function mapTransform(t: TrackedText, transform: (s: string) => string): TrackedText {
  const whole = transform(t.text);
  const byGrapheme = () => Array.from(graphemeSegmenter().segment(t.text), (s) => [s.index, s.index + s.segment.length] as const);
  const byRun = () => Array.from(t.text.matchAll(WHITESPACE_RUNS), (m) => [m.index, m.index + m[0].length] as const);
  for (const pieces of [byGrapheme, byRun]) {
    const b = new Builder();
    for (const [start, end] of pieces()) {
      const span = spanOf(t, start, end);
      b.push(transform(t.text.slice(start, end)), span.start, span.end);
    }
    if (b.text === whole) return b.done();
  }
  return coarse(t, whole);
}

/**
 * `t.text.replace(pattern, replacement)` for a global pattern, tracked: a replacement's units come from the whole
 * match, the rest from where they were. `$&`, `$1`, `$<name>` and the other `String.prototype.replace` patterns are
 * expanded as it expands them (and checked against it).
 *
 * @example replaceTracked(track('a--b'), /-+/g, ' ').text // 'a b'
 */
export function replaceTracked(t: TrackedText, pattern: RegExp, replacement: string): TrackedText {
  const expected = t.text.replace(pattern, replacement);
  const b = new Builder();
  let last = 0;
  for (const match of t.text.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    b.pushTracked(t, last, start);
    const span = end > start ? spanOf(t, start, end) : { start: positionAt(t, start), end: positionAt(t, start) };
    b.push(expand(match, t.text, replacement), span.start, span.end);
    last = end;
  }
  b.pushTracked(t, last, t.text.length);
  return b.text === expected ? b.done() : coarse(t, expected);
}

/** The ECMAScript GetSubstitution of one match: what `String.prototype.replace` puts in its place. */
function expand(match: RegExpMatchArray, subject: string, replacement: string): string {
  if (!replacement.includes('$')) return replacement;
  const position = match.index!;
  const captures = match.length - 1;
  return replacement.replace(/\$(\$|&|`|'|\d{1,2}|<([^>]*)>)/g, (token, what: string, name: string | undefined) => {
    if (what === '$') return '$';
    if (what === '&') return match[0];
    if (what === '`') return subject.slice(0, position);
    if (what === "'") return subject.slice(position + match[0].length);
    if (name !== undefined) return match.groups ? (match.groups[name] ?? '') : token;
    // Two digits name a capture when there are that many; else one digit does, followed by the second as text.
    const two = Number(what);
    if (what.length === 2 && two >= 1 && two <= captures) return match[two] ?? '';
    const one = Number(what[0]);
    if (one >= 1 && one <= captures) return (match[one] ?? '') + what.slice(1);
    return token;
  });
}

/**
 * `t.text.trim()` (or `trimEnd()`), tracked: the same units `String.prototype.trim` removes.
 *
 * @example trimTracked(track(' a ')).text // 'a'
 */
export function trimTracked(t: TrackedText, which: 'both' | 'end' = 'both'): TrackedText {
  const end = t.text.trimEnd().length;
  const start = which === 'both' ? t.text.length - t.text.trimStart().length : 0;
  return sliceTracked(t, Math.min(start, end), end);
}

/**
 * Joins tracked pieces with a separator that comes from nowhere (an empty range where the next piece starts).
 *
 * @example joinTracked([sliceTracked(track('a b'), 0, 1), sliceTracked(track('a b'), 2, 3)], ' ').text // 'a b'
 */
export function joinTracked(pieces: readonly TrackedText[], separator: string): TrackedText {
  const b = new Builder();
  pieces.forEach((piece, i) => {
    if (i > 0) {
      const at = positionAt(piece, 0);
      b.push(separator, at, at);
    }
    b.pushTracked(piece, 0, piece.text.length);
  });
  return b.done();
}
