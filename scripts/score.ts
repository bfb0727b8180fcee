/**
 * Classifies every row of a CSV or JSON Lines file with the served model, on every core, with the answers
 * POST /classify/batch gives. The same scoring function runs in the scoreBatch Lambda of the bulk-scoring state machine.
 *
 *   npm run score -- --input tickets.csv --output labelled.csv [--text-column text] [--id-column id] [--model model]
 *                    [--top-k 3] [--threshold 0.4] [--workers 4]
 */
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { SCORE_DEFAULTS } from '../lib/bulk/options';
import { loadConfig } from '../lib/config';
import { intAtLeast, numberIn, runCli } from './training/cli-helpers';
import { UsageError } from './training/errors';
import { runScore } from './scoring/run-score';

const program = new Command()
  .name('score')
  .description(
    'Classify every row of a file (.csv with a header row, .jsonl or .ndjson; optionally .gz) into another, in input order.',
  )
  .requiredOption('--input <file>', 'the rows to classify')
  .requiredOption(
    '--output <file>',
    'where to write the answers (.csv, .jsonl or .ndjson, optionally .gz); written only when complete',
  )
  .option('--text-column <name>', 'column (or JSON field) holding the text, for text models', SCORE_DEFAULTS.textColumn)
  .option(
    '--id-column <name>',
    'column echoed beside each answer; without it in the file, rows are numbered',
    SCORE_DEFAULTS.idColumn,
  )
  .option('--model <dir>', 'model bundle directory', 'model')
  .option('--top-k <k>', 'also write the k best labels as JSON in a "top" column', intAtLeast(1))
  .option('--threshold <x>', "abstention threshold instead of the stage's or the bundle's (0 = off)", numberIn(0, 1))
  .option(
    '--workers <n>',
    `worker threads, each holding the model once (default: every core, here ${availableParallelism()})`,
    intAtLeast(1),
  );

interface ScoreCliOptions {
  input: string;
  output: string;
  textColumn: string;
  idColumn: string;
  model: string;
  topK?: number;
  threshold?: number;
  workers?: number;
}

runCli(async () => {
  const options = program.parse().opts<ScoreCliOptions>();
  let config;
  try {
    // The same limits as the API (MAX_TEXT_CHARS, ABSTAIN_THRESHOLD), from the same environment variables.
    config = loadConfig();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const summary = await runScore({
    ...options,
    idColumnRequired: program.getOptionValueSource('idColumn') === 'cli',
    maxTextChars: config.maxTextChars,
    stageThreshold: config.abstainThreshold,
  });
  process.stdout.write(
    `scored ${summary.rows} rows (${summary.refused} refused) in ${summary.seconds.toFixed(1)} s, ` +
      `${Math.round(summary.rowsPerSecond)} rows/s -> ${options.output}\n`,
  );
});
