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
    const members = Object.entries(value).map(
      ([name, member]) => `${JSON.stringify(name)}: ${oneLine(member, name, pad)}`,
    );
    const space = pad ? ' ' : '';
    return members.length ? `{${space}${members.join(', ')}${space}}` : '{}';
  }
  return JSON.stringify(value);
}

/**
 * The value over as many lines as it needs, each at most {@link LINE_WIDTH} characters where a member allows. An
 * object that does not fit on one line gets a member a line, except inside an array (a batch's results, a
 * prediction's top labels), where its members fill each line as far as the width allows, to keep lists short.
 *
 * @param value - any JSON value
 * @param indent - the indentation of the line the value starts on
 * @param key - the member name the value sits under, if any
 * @param inArray - the value is an element of an array
 */
export function formatJson(value: unknown, indent = 0, key?: string, inArray = false): string {
  const flat = oneLine(value, key);
  const prefix = ' '.repeat(indent);
  const keyWidth = key && !inArray ? JSON.stringify(key).length + 2 : 0;
  // The comma after the value counts too.
  if (indent + keyWidth + flat.length + 1 <= LINE_WIDTH || value === null || typeof value !== 'object') return flat;
  const inner = ' '.repeat(indent + 2);
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + formatJson(item, indent + 2, key, true)).join(',\n')}\n${prefix}]`;
  }
  const members = Object.entries(value).map(
    ([name, member]) => `${JSON.stringify(name)}: ${formatJson(member, indent + 2, name)}`,
  );
  if (!inArray) return `{\n${members.map((member) => inner + member).join(',\n')}\n${prefix}}`;
  const lines: string[] = [];
  for (const member of members) {
    const last = lines.length - 1;
    const joined = last >= 0 ? `${lines[last]}, ${member}` : '';
    if (
      last >= 0 &&
      !member.includes('\n') &&
      !lines[last]!.includes('\n') &&
      inner.length + joined.length + 1 <= LINE_WIDTH
    ) {
      lines[last] = joined;
    } else lines.push(member);
  }
  return `{\n${lines.map((line) => inner + line).join(',\n')}\n${prefix}}`;
}
