import type { ErrorDetail } from './errors';
import type { ValidationIssue } from './schemas/compiled-validator';

/** At most this many details go back in one response; the rest are counted in the message. */
export const MAX_DETAILS = 20;

// The validators check the event, so body paths arrive as "/body/...".
const BODY_PREFIX = '/body';
// Names echoed from the client (unknown fields) are cut to this length so a huge key cannot inflate the answer.
const MAX_ECHOED_NAME = 64;

/**
 * Turns ajv errors into the contract's `details`: a JSON pointer into the request body (`/` for the body itself)
 * and a message, nothing else (no schema paths or internal parameters).
 *
 * @param issues - the validator's `errors`
 * @returns at most {@link MAX_DETAILS} details, duplicates removed
 */
export function toErrorDetails(issues: readonly ValidationIssue[] | null | undefined): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const issue of issues ?? []) {
    // An `if` error only says its branch failed; the branch's own errors, listed too, say what is wrong.
    if (issue.keyword === 'if') continue;
    const detail = describe(issue);
    const key = `${detail.path}\u0000${detail.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push(detail);
    if (details.length === MAX_DETAILS) break;
  }
  return details;
}

function describe(issue: ValidationIssue): ErrorDetail {
  const path = bodyPointer(issue.instancePath);
  switch (issue.keyword) {
    case 'required':
      return { path: child(path, String(issue.params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: child(path, String(issue.params.additionalProperty)), message: 'is not an allowed field' };
    case 'false schema':
      // The only `false` schema: `text` in a request that sends `features`.
      return { path, message: 'is not allowed together with "features"' };
    case 'pattern':
      // The only pattern in the schemas is "at least one non-whitespace character".
      return { path, message: 'must not be empty or whitespace only' };
    case 'type': {
      const types = ([] as unknown[]).concat(issue.params.type);
      return { path, message: `must be ${types.map(article).join(' or ')}` };
    }
    default:
      return { path, message: issue.message ?? 'is invalid' };
  }
}

function bodyPointer(instancePath: string): string {
  const inBody = instancePath.startsWith(BODY_PREFIX) ? instancePath.slice(BODY_PREFIX.length) : instancePath;
  return inBody === '' ? '/' : inBody;
}

/** Appends a property name to a JSON pointer, escaped per RFC 6901. */
function child(pointer: string, name: string): string {
  const shown = name.length > MAX_ECHOED_NAME ? `${name.slice(0, MAX_ECHOED_NAME)}…` : name;
  const escaped = shown.replace(/~/g, '~0').replace(/\//g, '~1');
  return pointer === '/' ? `/${escaped}` : `${pointer}/${escaped}`;
}

function article(type: unknown): string {
  const name = String(type);
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}
