/**
 * The example answers in README.md, CONTRIBUTING.md and docs/*.md are what the service answers now: each block
 * between `<!-- example:NAME -->` and `<!-- /example -->` is rendered again from the real handlers on the default
 * model (scripts/docs/examples.ts) and compared with the committed text.
 */
import '../../scripts/docs/env';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOC_EXAMPLES, documentFiles, renderAll, renderDocument, staleDocuments } from '../../scripts/docs/examples';
import { formatJson } from '../../scripts/docs/format-json';

describe('the documented examples', () => {
  test('are what the service answers now (run `npm run docs:examples` after changing the model, a route or a response)', async () => {
    const stale = await staleDocuments();
    for (const { file, committed, fresh } of stale) {
      // Only the blocks that differ, so the failure shows what changed.
      const blocks = (text: string) => text.match(/<!-- example:[\s\S]*?<!-- \/example -->/g) ?? [];
      const before = blocks(committed);
      const changed = blocks(fresh).filter((block, i) => block !== before[i]);
      expect({ file, changed, fix: 'npm run docs:examples' }).toEqual({
        file,
        changed: [],
        fix: 'npm run docs:examples',
      });
    }
    expect(stale.map((entry) => entry.file)).toEqual([]);
  });

  test('every example is used by some document', () => {
    const text = documentFiles()
      .map((file) => readFileSync(join(__dirname, '..', '..', file), 'utf8'))
      .join('\n');
    const unused = DOC_EXAMPLES.filter((example) => !text.includes(`<!-- example:${example.name} -->`)).map(
      (example) => example.name,
    );
    expect(unused).toEqual([]);
  });

  test('a marker naming no example, or left open, is an error, not a silent skip', async () => {
    const blocks = await renderAll();
    expect(() => renderDocument('<!-- example:nope -->\n<!-- /example -->', blocks, 'x.md')).toThrow(
      'x.md: <!-- example:nope -->',
    );
    expect(() => renderDocument('<!-- example:classify -->\n', blocks, 'x.md')).toThrow(
      '1 example markers opened, 0 closed',
    );
  });

  test('scores and weights are shown with two decimals, other numbers as they are', () => {
    expect(formatJson({ score: 0.99996, top: [{ score: 0.5 }], weight: -0.0737, threshold: 0.310983, start: 3 })).toBe(
      '{ "score": 1.00, "top": [{ "score": 0.50 }], "weight": -0.07, "threshold": 0.310983, "start": 3 }',
    );
  });

  test('a value too wide for a line is broken up: a member a line, or filled lines inside an array', () => {
    const label = 'x'.repeat(50);
    expect(formatJson({ results: [{ label, score: 0.5, top: [{ label, score: 0.5 }], abstained: false }] })).toBe(
      [
        '{',
        '  "results": [',
        '    {',
        `      "label": "${label}", "score": 0.50,`,
        `      "top": [{ "label": "${label}", "score": 0.50 }], "abstained": false`,
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
  });
});
