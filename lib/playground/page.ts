import { createHash } from 'node:crypto';
import source from './playground.html';

/** The marker in playground.html's `<body>` that says whether the stage needs an API key. */
const KEY_MARKER = '__API_KEY_REQUIRED__';

/** The page's one inline element of a kind (`script` or `style`); the page is written with exactly one of each. */
function inline(tag: 'script' | 'style'): string {
  const matches = [...source.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))];
  if (matches.length !== 1) throw new Error(`playground.html must have exactly one inline <${tag}>, found ${matches.length}`);
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

/**
 * The playground page (`GET /`): one static HTML file with its script and style inline, no framework and no
 * external asset. It reads the model from `/health` and calls the API at the same stage path.
 *
 * @example
 * ```ts
 * renderPlayground({ apiKeyRequired: true }); // '<!doctype html>…<body data-api-key-required="true">…'
 * ```
 * @param options - whether the stage needs an `x-api-key` (the page then shows a key field)
 * @returns the HTML
 */
export function renderPlayground(options: { apiKeyRequired: boolean }): string {
  return source.replace(KEY_MARKER, String(options.apiKeyRequired));
}
