import type { ClassifierInput } from '../types';

/** A word of a text: `text === textAsSent.slice(start, end)` (UTF-16 offsets into the text as the client sent it). */
export interface WordPart {
  text: string;
  start: number;
  end: number;
}

/** A feature of a features model, by name. */
export interface FeaturePart {
  feature: string;
}

/** What an explanation weighs: a word of a text, or a feature. */
export type InputPart = WordPart | FeaturePart;

/** One part of an input and the same input with that part occluded (taken out as far as the model can tell). */
export interface OccludedPart {
  part: InputPart;
  occluded: ClassifierInput;
}

/** An input's parts in order, at most a limit of them. */
export interface InputParts {
  parts: OccludedPart[];
  /** The input had more parts than the limit; `parts` holds the first ones. */
  truncated: boolean;
}

/**
 * A text's word parts from where its words sit in it, each occluded by replacing its characters with one space.
 * Words whose characters overlap (one character the model reads as two words, such as `¼`, NFKC `1⁄4`) are one part:
 * no occlusion can take one of them out without the other. A word from no characters is left out.
 *
 * @param spans - each word's characters in `text`, in order
 * @param limit - most parts returned (`truncated` says when there were more)
 * @example
 * textParts('lost card', [{ start: 0, end: 4 }, { start: 5, end: 9 }], 64).parts[1]
 * // { part: { text: 'card', start: 5, end: 9 }, occluded: 'lost  ' }
 */
export function textParts(text: string, spans: readonly { start: number; end: number }[], limit: number): InputParts {
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    // A word made from no characters at all (a `replace` rule inserting text) has nothing to occlude.
    if (span.end <= span.start) continue;
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  const kept = merged.slice(0, limit);
  return {
    parts: kept.map(({ start, end }) => ({ part: { text: text.slice(start, end), start, end }, occluded: occludeSpan(text, start, end) })),
    truncated: merged.length > limit,
  };
}

/**
 * The text with `[start, end)` replaced by one space: what an explanation's weight compares the text with.
 *
 * @example occludeSpan('my card', 3, 7) // 'my  '
 */
export function occludeSpan(text: string, start: number, end: number): string {
  return `${text.slice(0, start)} ${text.slice(end)}`;
}
