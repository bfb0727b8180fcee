/**
 * Scores a model bundle on a labelled CSV.
 *
 *   npm run evaluate -- --data test.csv --label-column category [--model model] [--json] [--report reports/]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { intAtLeast, numberIn, runCli } from './training/cli-helpers';
import { confusionMatrixSvg } from './training/confusion-svg';
import { evaluateModel } from './training/evaluate-model';
import { oosCurveSvg } from './training/oos-curve-svg';
import { markdownReport, textReport } from './training/report';

const program = new Command()
  .name('evaluate')
  .description('Score a model bundle on a labelled CSV: accuracy, macro-F1, per-class metrics, confusions.')
  .requiredOption('--data <csv>', 'labelled CSV with a header row')
  .option('--model <dir>', 'model bundle directory', 'model')
  .option('--text-column <name>', 'column holding the text', 'text')
  .option('--label-column <name>', 'column holding the label', 'label')
  .option('--json', 'print one JSON object (accuracy, macroF1, n, ...) on stdout and nothing else')
  .option('--report <dir>', 'also write report.md and confusion-matrix.svg into this directory')
  .option('--confusions <n>', 'how many frequent confusions to list', intAtLeast(0), 10)
  .option(
    '--oos-label <label>',
    'rows with this label are out of scope (right when abstained): adds inScopeAccuracy, bestIntentAccuracy, oosRecall, oosPrecision, abstainRate',
  )
  .option('--threshold <x>', "abstention threshold to apply instead of the bundle's (0 = off)", numberIn(0, 1));

interface EvaluateCliOptions {
  data: string;
  model: string;
  textColumn: string;
  labelColumn: string;
  json?: boolean;
  report?: string;
  confusions: number;
  oosLabel?: string;
  threshold?: number;
}

runCli(async () => {
  const options = program.parse().opts<EvaluateCliOptions>();
  const { summary, metrics, oos } = await evaluateModel(options);
  if (options.report) {
    mkdirSync(options.report, { recursive: true });
    writeFileSync(join(options.report, 'confusion-matrix.svg'), confusionMatrixSvg(metrics));
    if (oos) writeFileSync(join(options.report, 'oos-curve.svg'), oosCurveSvg(oos));
    writeFileSync(
      join(options.report, 'report.md'),
      markdownReport(summary, 'confusion-matrix.svg', oos ? 'oos-curve.svg' : undefined),
    );
  }
  if (options.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else process.stdout.write(textReport(summary) + (options.report ? `\nreport written to ${options.report}\n` : ''));
});
