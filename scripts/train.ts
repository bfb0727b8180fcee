/**
 * Trains a text classifier from a labelled CSV and writes a model bundle.
 *
 *   npm run train -- --data data.csv --out model --label-column category
 *   npm run train -- --data data.csv --out model --refit   # measure on the held-out split, then ship a refit on all rows
 */
import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { ABSTAIN_DEFAULTS } from '../lib/model/abstain';
import { intAtLeast, ngramRange, numberIn, runCli } from './training/cli-helpers';
import { trainBundle, type TrainOptions } from './training/pipeline';

const program = new Command()
  .name('train')
  .description('Train a bag-of-n-grams text classifier (TensorFlow.js) from a CSV and write a model bundle.')
  .requiredOption('--data <csv>', 'labelled CSV with a header row')
  .option('--out <dir>', 'bundle directory to write (replaced only when training succeeds)', 'model')
  .option('--text-column <name>', 'column holding the text', 'text')
  .option('--label-column <name>', 'column holding the label', 'label')
  .option('--epochs <n>', 'passes over the training split', intAtLeast(1), 12)
  .option('--seed <n>', 'seed for the split, initialisation and shuffling', intAtLeast(0), 42)
  .option('--val-fraction <x>', 'share of each label held out for validation (0: train on all rows, no validation metrics)', numberIn(0, 0.9), 0.1)
  .option('--refit', 'after measuring on the validation split, train again (same settings and seed) on all rows and write that model', false)
  .option('--oos-label <label>', 'rows with this label are out of scope: not a class, used to calibrate abstention')
  .option(
    '--max-reject <x>',
    `share of held-out in-scope rows abstention may reject (default ${ABSTAIN_DEFAULTS.maxReject}; ${ABSTAIN_DEFAULTS.maxRejectWithOos} with --oos-label)`,
    numberIn(0, 0.5),
  )
  .option('--batch-size <n>', 'examples per training step', intAtLeast(1), 32)
  .option('--learning-rate <x>', 'Adam learning rate', numberIn(1e-6, 10), 0.001)
  .option('--embedding-dim <n>', 'width of the n-gram embeddings', intAtLeast(1), 44)
  .option('--hidden-units <n>', 'hidden ReLU units (0 = linear model)', intAtLeast(0), 0)
  .option('--dropout <x>', 'dropout on the pooled text vector', numberIn(0, 0.9), 0)
  .option('--l2 <x>', 'L2 penalty on the embeddings', numberIn(0, 1), 0)
  .option('--min-df <n>', 'keep n-grams found in at least this many training texts', intAtLeast(1), 2)
  .option('--max-vocab <n>', 'keep at most this many n-grams', intAtLeast(1), 30000)
  .option('--word-ngrams <range>', 'word n-gram sizes, e.g. 1-2, or none', ngramRange, [1, 2])
  .option('--char-ngrams <range>', 'character n-gram sizes, e.g. 2-5, or none', ngramRange, [2, 5])
  .addOption(new Option('--char-mode <mode>', 'character n-grams inside words or over the whole text').choices(['word-bounded', 'text']).default('text'))
  .option('--max-chars <n>', 'normalised characters of a text considered', intAtLeast(1), 1000)
  .option('--max-ngrams <n>', 'distinct n-grams per text considered', intAtLeast(1), 512)
  .addOption(new Option('--quantize <dtype>', 'weight storage').choices(['uint8', 'float16', 'none']).default('uint8'))
  .option('--name <name>', 'model name in the manifest', 'text-classifier')
  .option('--model-version <version>', 'model version in the manifest', '1.0.0')
  .option('--dataset-name <name>', 'training data name in the manifest (default: the CSV file name)')
  .option('--citation <text>', 'how to cite the training data', 'not given')
  .option('--licence <text>', 'licence of the training data', 'not given');

runCli(async () => {
  const options = program.parse().opts<TrainOptions>();
  const interactive = Boolean(process.stdout.isTTY);
  const bar = new SingleBar({
    format: '{phase}epoch {epoch}/{epochs} |{bar}| {percentage}% | loss {loss} | val acc {valAcc} | {duration_formatted}',
    hideCursor: true,
    stream: process.stdout,
  });
  // Phase names only appear with --refit, so a plain run prints exactly what it always did.
  let phase = '';
  const result = await trainBundle(options, {
    onData: (info) => {
      console.log(
        `rows ${info.rows} (skipped ${info.skipped} with empty text or label), labels ${info.labels}, ` +
          `train ${info.train}, validation ${info.validation}, vocabulary ${info.vocabulary} n-grams`,
      );
    },
    onPhase: (name, info) => {
      if (!options.refit) return;
      if (interactive && name === 'refit') bar.stop(); // the held-out run's bar is finished
      phase = name === 'held-out' ? '[1/2 held-out run] ' : '[2/2 refit on all rows] ';
      console.log(
        name === 'held-out'
          ? `${phase}training on ${info.train} rows to measure on the validation split`
          : `${phase}training from scratch on all ${info.train} rows, vocabulary ${info.vocabulary} n-grams; this model is the one written`,
      );
    },
    onStep: (epoch, step, steps, loss) => {
      if (!interactive) return;
      const done = (epoch - 1) * steps + step;
      if (done === 1) bar.start(options.epochs * steps, 0, { phase, epoch, epochs: options.epochs, loss: '-', valAcc: '-' });
      bar.update(done, { epoch, loss: loss.toFixed(4) });
    },
    onEpoch: (r) => {
      const valAcc = Number.isNaN(r.valAccuracy) ? '-' : r.valAccuracy.toFixed(4);
      if (interactive) bar.update({ loss: r.loss.toFixed(4), valAcc });
      else console.log(`${phase}epoch ${r.epoch}/${options.epochs} loss ${r.loss.toFixed(4)} val acc ${valAcc}`);
    },
  });
  if (interactive) bar.stop();
  const v = result.manifest.metrics.validation;
  const weights = result.manifest.files.find((f) => f.path === 'weights.bin')?.bytes ?? 0;
  const source = v.measuredOn ? ` (${v.measuredOn})` : '';
  console.log(
    `validation${source} (as served, ${options.quantize}): accuracy ${v.accuracy.toFixed(4)}, macro-F1 ${v.macroF1.toFixed(4)}, n ${v.n}` +
      (result.floatValidation ? ` | float32: accuracy ${result.floatValidation.accuracy.toFixed(4)}` : ''),
  );
  const abstain = result.manifest.abstain;
  if (abstain) {
    const m = abstain.measured;
    console.log(
      `abstention: ${abstain.method} < ${abstain.threshold} -> "${abstain.label}"; held-out in-scope: rejects ${m.inScopeRejectRate.toFixed(4)}, ` +
        `accuracy ${m.inScopeAccuracy.toFixed(4)}` + (m.oosRecall === undefined ? '' : `; out-of-scope (${m.oosRows} rows): recall ${m.oosRecall.toFixed(4)}`),
    );
  }
  const refit = result.manifest.training.refit;
  const trainedOn = refit ? `, refit on ${refit.rows} rows` : '';
  console.log(`wrote ${options.out} (weights ${weights} bytes${trainedOn}) in ${result.manifest.training.durationSeconds} s`);
});
