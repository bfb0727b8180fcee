/**
 * Builds an out-of-scope experiment from a labelled CSV without out-of-scope rows: a few whole intents are set aside
 * as "out of scope"; a handful of their rows go into the training file under the out-of-scope label (as a data set
 * with out-of-scope examples would have), the rest into the test file. In-scope rows are split train/test by label.
 *
 *   npx tsx scripts/simulate-oos.ts --data train.csv --label-column category --out /tmp/oos-sim
 *   npm run train -- --data /tmp/oos-sim/train.csv --oos-label oos --out /tmp/oos-model
 *   npm run evaluate -- --data /tmp/oos-sim/test.csv --oos-label oos --model /tmp/oos-model
 *
 * Writes train.csv and test.csv (columns text,label) into --out; never into the project.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { intAtLeast, numberIn, runCli } from './training/cli-helpers';
import { readLabelledCsv, type LabelledRow } from './training/csv';
import { seededRandom, shuffleInPlace } from './training/random';
import { stratifiedSplit } from './training/split';

const program = new Command()
  .name('simulate-oos')
  .description('Split a labelled CSV into an out-of-scope experiment: held-out intents become out-of-scope rows.')
  .requiredOption('--data <csv>', 'labelled CSV with a header row')
  .requiredOption('--out <dir>', 'directory for train.csv and test.csv')
  .option('--text-column <name>', 'column holding the text', 'text')
  .option('--label-column <name>', 'column holding the label', 'label')
  .option('--oos-intents <n>', 'intents set aside as out of scope', intAtLeast(1), 10)
  .option(
    '--oos-train-rows <n>',
    'rows of those intents put in training under the out-of-scope label',
    intAtLeast(0),
    100,
  )
  .option('--test-fraction <x>', 'share of each in-scope intent put in the test file', numberIn(0.01, 0.9), 0.2)
  .option('--oos-label <label>', 'the out-of-scope label', 'oos')
  .option('--seed <n>', 'seed for choosing intents and rows', intAtLeast(0), 42);

runCli(async () => {
  const o = program.parse().opts<{
    data: string;
    out: string;
    textColumn: string;
    labelColumn: string;
    oosIntents: number;
    oosTrainRows: number;
    testFraction: number;
    oosLabel: string;
    seed: number;
  }>();
  const { rows } = readLabelledCsv(o.data, o.textColumn, o.labelColumn);
  const random = seededRandom(o.seed);
  const intents = shuffleInPlace([...new Set(rows.map((r) => r.label))].sort(), random);
  const outOfScope = new Set(intents.slice(0, o.oosIntents));
  const inScope = rows.filter((r) => !outOfScope.has(r.label));
  const oos = shuffleInPlace(
    rows.filter((r) => outOfScope.has(r.label)),
    random,
  ).map((r) => ({ text: r.text, label: o.oosLabel }));
  const split = stratifiedSplit(
    inScope.map((r) => r.label),
    o.testFraction,
    o.seed,
  );
  const train = [...split.train.map((i) => inScope[i]!), ...oos.slice(0, o.oosTrainRows)];
  const test = [...split.validation.map((i) => inScope[i]!), ...oos.slice(o.oosTrainRows)];
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, 'train.csv'), toCsv(train));
  writeFileSync(join(o.out, 'test.csv'), toCsv(test));
  console.log(
    `out of scope: ${[...outOfScope].sort().join(', ')}\n` +
      `train.csv: ${train.length} rows (${Math.min(o.oosTrainRows, oos.length)} "${o.oosLabel}"); test.csv: ${test.length} rows (${Math.max(0, oos.length - o.oosTrainRows)} "${o.oosLabel}")`,
  );
});

function toCsv(rows: readonly LabelledRow[]): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return ['text,label', ...rows.map((r) => `${quote(r.text)},${quote(r.label)}`)].join('\n') + '\n';
}
