import type { ServiceConfig } from '../config';
import { payloadTooLarge, type ErrorDetail } from './errors';
import type { ClassifyBatchRequest, ClassifyRequest } from './schemas';
import { MAX_DETAILS } from './validation-details';

type Limits = Pick<ServiceConfig, 'maxTextChars' | 'maxBatchItems' | 'maxExplainedItems'>;

/**
 * Whether a text is longer than `maxChars` Unicode code points (an emoji counts once, as a reader would count it).
 *
 * @param text - the text
 * @param maxChars - the limit
 */
export function isTextTooLong(text: string, maxChars: number): boolean {
  // UTF-16 length is an upper bound of the code point count: only long texts need counting.
  if (text.length <= maxChars) return false;
  let codePoints = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    if (++codePoints > maxChars) return true;
  }
  return false;
}

/**
 * The limit check of `POST /classify`.
 *
 * @param limits - the configured limits
 */
export function classifyLimits(limits: Pick<Limits, 'maxTextChars'>): (body: ClassifyRequest) => void {
  return (body) => {
    if (body.text !== undefined && isTextTooLong(body.text, limits.maxTextChars)) {
      throw textTooLong(limits.maxTextChars, [{ path: '/text', message: tooLongMessage(limits.maxTextChars) }]);
    }
  };
}

/**
 * The limit check of `POST /classify/batch`: the item count (and with `explain`, the explained item count: each
 * costs up to 64 more rows of the prediction), then each text.
 *
 * @param limits - the configured limits
 */
export function classifyBatchLimits(limits: Limits): (body: ClassifyBatchRequest) => void {
  return ({ items, explain }) => {
    if (items.length > limits.maxBatchItems) {
      throw payloadTooLarge(`A batch holds at most ${limits.maxBatchItems} items; this one has ${items.length}.`, [
        { path: '/items', message: `must have at most ${limits.maxBatchItems} items` },
      ]);
    }
    if (explain === true && items.length > limits.maxExplainedItems) {
      throw payloadTooLarge(
        `A batch with "explain": true holds at most ${limits.maxExplainedItems} items; this one has ${items.length}.`,
        [{ path: '/items', message: `must have at most ${limits.maxExplainedItems} items when "explain" is true` }],
      );
    }
    const details: ErrorDetail[] = [];
    items.forEach((item, index) => {
      const isString = typeof item === 'string';
      const text = isString ? item : item.text;
      if (details.length < MAX_DETAILS && text !== undefined && isTextTooLong(text, limits.maxTextChars)) {
        details.push({
          path: isString ? `/items/${index}` : `/items/${index}/text`,
          message: tooLongMessage(limits.maxTextChars),
        });
      }
    });
    if (details.length > 0) throw textTooLong(limits.maxTextChars, details);
  };
}

function tooLongMessage(maxChars: number): string {
  return `must be at most ${maxChars} characters`;
}

function textTooLong(maxChars: number, details: ErrorDetail[]) {
  return payloadTooLarge(`A text is longer than ${maxChars} characters.`, details);
}
