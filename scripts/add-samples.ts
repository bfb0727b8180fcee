/**
 * Writes `samples` (held-out rows with their labels, for the deployment smoke test) into a trainer bundle made before
 * the trainer wrote them, from the data it was trained on; nothing is trained again.
 *
 *   npx tsx scripts/add-samples.ts --data ../shared/data/banking77/train.csv [--model model] [--per-label 2]
 */
import { Command } from 'commander';
import { intAtLeast, runCli } from './training/cli-helpers';
import { addSamplesToBundle } from './training/add-samples';
import { SAMPLES_PER_LABEL } from './training/samples';

const program = new Command()
  .name('add-samples')
  .description("Add the trainer's held-out samples to an older trainer bundle's manifest.")
  .requiredOption('--data <csv>', 'the labelled CSV the bundle was trained on')
  .option('--model <dir>', 'model bundle directory', 'model')
  .option('--per-label <n>', 'samples per label', intAtLeast(1), SAMPLES_PER_LABEL);

runCli(async () => {
  const options = program.parse().opts<{ data: string; model: string; perLabel: number }>();
  const samples = addSamplesToBundle(options.model, options.data, options.perLabel) ?? [];
  console.log(`${options.model}/manifest.json: ${samples.length} samples from the held-out split`);
});
