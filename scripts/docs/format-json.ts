/**
 * JSON as the documentation shows it: a value on one line when it fits, otherwise one member a line, and scores
 * and weights with two decimals (`0.20`, `1.00`: still JSON numbers). Used by scripts/docs-examples.ts.
 */

/** Members whose numbers are shown with two decimals. */
const ROUNDED_KEYS = new Set(['score', 'weight']);

/** How wide a line of an example may get before it is broken up. */
export const LINE_WIDTH = 118;

/**
 * One line: `{ "a": 1, "b": [1, 2] }`.
 *
 * @param value - any JSON value
 * @param key - the member name the value sits under, if any (decides the rounding)
 * @param pad - a space inside an object's braces (answers), or none (request bodies on a curl line)
 */
export function oneLine(value: unknown, key?: string, pad = true): string {
  if (typeof value === 'number') return key && ROUNDED_KEYS.has(key) ? value.toFixed(2) : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => oneLine(item, key, pad)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([name, member]) => `${JSON.stringify(name)}: ${oneLine(member, name, pad)}`);
    const space = pad ? ' ' : '';
    return members.length ? `{${space}${members.join(', ')}${space}}` : '{}';
  }
  return JSON.stringify(value);
}

/**
 * The value over as many lines as it needs, each at most {@link LINE_WIDTH} characters where a member allows.
 *
 * @param value - any JSON value
 * @param indent - the indentation of the line the value starts on
 * @param key - the member name the value sits under, if any
 */
export function formatJson(value: unknown, indent = 0, key?: string): string {
  const flat = oneLine(value, key);
  const prefix = ' '.repeat(indent);
  const keyWidth = key ? JSON.stringify(key).length + 2 : 0;
  if (indent + keyWidth + flat.length <= LINE_WIDTH || value === null || typeof value !== 'object') return flat;
  const inner = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + formatJson(item, indent + 2, key)).join(',\n')}\n${prefix}]`;
  }
  const members = Object.entries(value).map(
    ([name, member]) => `${inner}${JSON.stringify(name)}: ${formatJson(member, indent + 2, name)}`,
  );
  return `{\n${members.join(',\n')}\n${prefix}}`;
}
