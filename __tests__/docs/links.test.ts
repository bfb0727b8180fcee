/**
 * Every relative link in the documentation resolves: README.md, CONTRIBUTING.md, docs/*.md and bench/README.md.
 * A link to a file or folder must name one that exists; a `#anchor` (in the same file or another Markdown file)
 * must be the GitHub id of one of that file's headings. Links to other sites are not followed (no network).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

const documents = [
  'README.md',
  'CONTRIBUTING.md',
  'bench/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
].filter((file) => existsSync(join(root, file)));

/**
 * The text with its fenced code blocks blanked (a `#` line there is no heading, a `](...)` no link); their line
 * breaks stay, so line numbers still point at the document.
 */
function withoutFences(text: string): string {
  return text.replace(/^([ \t]*)(`{3,})[^\n]*\n[\s\S]*?^\1\2[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ''));
}

/** The text a link can sit in: no fenced code, no inline code. */
function prose(text: string): string {
  return withoutFences(text).replace(/`[^`\n]*`/g, '');
}

/**
 * GitHub's ids for a document's headings: lower case, punctuation dropped (letters, digits, `_`, `-` and spaces
 * kept, inline code's text included), spaces as hyphens; a repeated id gets `-1`, `-2`, ...
 */
function headingIds(text: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(text).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*$/gm)) {
    const id = match[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    ids.add(count === 0 ? id : `${id}-${count}`);
  }
  return ids;
}

const idsOf = (file: string): Set<string> => headingIds(readFileSync(file, 'utf8'));

/** Every `[text](target)` and `![alt](target)` link of a document, with its line. */
function links(file: string): Array<{ line: number; target: string }> {
  const text = prose(readFileSync(join(root, file), 'utf8'));
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({
    line: text.slice(0, match.index).split('\n').length,
    target: match[1]!,
  }));
}

/** Why a link does not resolve, or null when it does. */
function brokenReason(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto:: another site
  const [path = '', anchor] = target.split('#', 2);
  const resolved = path ? join(root, dirname(file), decodeURIComponent(path)) : join(root, file);
  if (!resolved.startsWith(root)) return 'points outside the repository';
  if (!existsSync(resolved)) return `${relative(root, resolved)} does not exist`;
  if (anchor === undefined) return null;
  if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return `#${anchor} on a file that is not Markdown`;
  return idsOf(resolved).has(anchor) ? null : `${relative(root, resolved)} has no heading #${anchor}`;
}

describe('documentation links', () => {
  test.each(documents)('every relative link and #anchor in %s resolves', (file) => {
    const broken = links(file).flatMap(({ line, target }) => {
      const reason = brokenReason(file, target);
      return reason ? [`${file}:${line} (${target}): ${reason}`] : [];
    });
    expect(broken).toEqual([]);
  });

  test('the documents are found, and the checker sees links and headings', () => {
    expect(documents).toEqual(
      expect.arrayContaining(['README.md', 'docs/api.md', 'docs/performance.md', 'docs/model-quality.md']),
    );
    expect(links('README.md').length).toBeGreaterThan(10);
    expect([...idsOf(join(root, 'docs/api.md'))]).toEqual(
      expect.arrayContaining(['post-classify', 'post-classifybatch', 'abstention-i-dont-know']),
    );
  });

  test("a heading id is GitHub's", () => {
    expect([
      ...headingIds('# A `b` c\n## Abstention ("I don\'t know")\n## CI/CD\n```\n# not a heading\n```\n## A `b` c'),
    ]).toEqual(['a-b-c', 'abstention-i-dont-know', 'cicd', 'a-b-c-1']);
  });
});
