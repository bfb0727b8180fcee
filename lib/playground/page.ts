import { createHash } from 'node:crypto';
import { topKSchema } from '../http/schemas/text';
import source from './playground.html';

/** The marker in playground.html's `<body>` that says whether the stage needs an API key. */
const KEY_MARKER = '__API_KEY_REQUIRED__';
/** The markers in the "Labels to show" field: the schema's smallest `topK` and the stage's default one. */
const TOP_K_MIN_MARKER = '__TOP_K_MIN__';
const TOP_K_DEFAULT_MARKER = '__TOP_K_DEFAULT__';

/** The page's one inline element of a kind (`script` or `style`); the page is written with exactly one of each. */
function inline(tag: 'script' | 'style'): string {
  const matches = [...source.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))];
  if (matches.length !== 1)
    throw new Error(`playground.html must have exactly one inline <${tag}>, found ${matches.length}`);
  return matches[0]![1]!;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The playground's Content-Security-Policy: its own inline script and style by hash and nothing else; it may call
 * only its own origin (the API beside it) and show only inline images (its empty favicon). The API's JSON answers
 * keep their stricter policy (see `lib/http/middleware/security-headers.ts`).
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  `script-src ${sha256(inline('script'))}`,
  `style-src ${sha256(inline('style'))}`,
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What a stage changes in the playground page. */
export interface PlaygroundOptions {
  /** Whether the stage needs an `x-api-key` (the page then shows a key field). */
  apiKeyRequired: boolean;
  /** The stage's `DEFAULT_TOP_K` (`config.defaultTopK`), the field's starting value. */
  defaultTopK: number;
}

/**
 * The playground page (`GET /`): one static HTML file with its script and style inline, no framework and no
 * external asset. It reads the model from `/health` and calls the API at the same stage path. Only markup outside
 * the script and style is filled in, so their CSP hashes stay those of the file. The "Labels to show" field gets the
 * request schema's `topK` minimum, which the page's script checks before it sends anything.
 *
 * @example
 * ```ts
 * renderPlayground({ apiKeyRequired: true, defaultTopK: 3 }); // '<!doctype html>…<body data-api-key-required="true">…'
 * ```
 * @returns the HTML
 */
export function renderPlayground(options: PlaygroundOptions): string {
  return source
    .replace(KEY_MARKER, String(options.apiKeyRequired))
    .replace(TOP_K_MIN_MARKER, String(topKSchema.minimum))
    .replace(TOP_K_DEFAULT_MARKER, String(options.defaultTopK));
}
