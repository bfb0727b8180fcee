import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrainArgs, trainProgram } from '../../scripts/training/cli-options';
import { MODEL_DEFAULTS } from '../../scripts/training/defaults';

/** How docs/model-quality.md writes a default: n-gram ranges as `1-2`, lists as `all,words`, everything else as is. */
const shown = (value: unknown): string => {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.join(typeof value[0] === 'number' ? '-' : ',');
  return String(value);
};

/** The `| `--flag` | `value` | ... |` rows of the "Defaults" table in docs/model-quality.md. */
function documentedDefaults(): Map<string, string> {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'model-quality.md'), 'utf8');
  const start = page.indexOf('\n## Defaults\n');
  expect(start).toBeGreaterThan(-1);
  const end = page.indexOf('\n#', start + 1);
  const table = page.slice(start, end === -1 ? undefined : end);
  return new Map([...table.matchAll(/^\| `(--[a-z0-9-]+)` \| `([^`]+)` \|/gm)].map((m) => [m[1]!, m[2]!]));
}

describe("the trainer's defaults", () => {
  const flags = new Map(trainProgram().options.map((o) => [o.attributeName(), o]));

  it('are what a run with no modelling flags uses', () => {
    const options = parseTrainArgs(['--data', 'train.csv']);
    for (const [key, value] of Object.entries(MODEL_DEFAULTS)) {
      expect({ key, value: options[key as keyof typeof options] }).toEqual({ key, value });
    }
  });

  it('are the ones docs/model-quality.md documents, every one of them and nothing else', () => {
    const documented = documentedDefaults();
    const expected = new Map(
      Object.entries(MODEL_DEFAULTS).map(([key, value]) => [flags.get(key)!.long!, shown(value)]),
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(expected));
  });
});
