import { Command, Option } from 'commander';
import { ABSTAIN_DEFAULTS } from '../../lib/model/abstain';
import { bitDepth, bitDepthList, intAtLeast, ngramRange, numberIn } from './cli-helpers';
import { MODEL_DEFAULTS as D, STORAGE_DEFAULTS } from './defaults';
import { LR_SCHEDULES } from './fit';
import type { TrainOptions } from './pipeline';
import { viewList } from './views';

/** The trainer's options plus the cross-validation ones (which write no bundle). */
export interface TrainCliOptions extends TrainOptions {
  /** Run stratified k-fold cross-validation with this many folds instead of writing a bundle. */
  cv?: number;
  /** JSON file listing configurations to cross-validate and compare. */
  grid?: string;
  /** Where `--cv` / `--grid` write their figures (for `--cv-from`). */
  cvOut?: string;
  /** With `--cv`: also measure the folds with the weights stored at these bit depths. */
  cvBits?: number[];
}

/** Where a bundle goes without `--out`: a fresh directory, never the shipped `model/`. */
export const DEFAULT_OUT = 'trained-model';

const range = (r: readonly [number, number] | null) => (r ? ([r[0], r[1]] as [number, number]) : null);

/**
 * The `npm run train` command line. A factory, so a grid can parse each configuration with the same flags, parsers
 * and defaults as the command line itself.
 */
export function trainProgram(): Command {
  return new Command()
    .name('train')
    .description('Train a bag-of-n-grams text classifier (TensorFlow.js) from a CSV and write a model bundle.')
    .requiredOption('--data <csv>', 'labelled CSV with a header row')
    .option(
      '--out <dir>',
      `bundle directory to write, only when training succeeds (must not exist or be empty, unless --force)`,
      DEFAULT_OUT,
    )
    .option('--force', 'replace a non-empty --out (e.g. the shipped model/) with the new bundle', false)
    .option('--text-column <name>', 'column holding the text', 'text')
    .option('--label-column <name>', 'column holding the label', 'label')
    .option(
      '--cv <k>',
      'cross-validate with k stratified folds (seed --seed) and print the figures; writes no bundle',
      intAtLeast(2),
    )
    .option(
      '--grid <json>',
      'cross-validate every configuration in this JSON file (see docs/model-quality.md) and print them sorted; writes no bundle',
    )
    .option('--cv-out <json>', 'with --cv or --grid: also write the figures and the settings they belong to as JSON')
    .option(
      '--cv-bits <list>',
      'with --cv: also measure each fold with its weights stored as uint8 codes of these bit depths, e.g. 8,6,5',
      bitDepthList,
    )
    .option(
      '--cv-from <json>',
      'record in the manifest the cross-validation of these exact settings from a --cv-out file',
    )
    .option(
      '--epochs <n>',
      'most passes over the training split per member (early stopping may end one sooner)',
      intAtLeast(1),
      D.epochs,
    )
    .option(
      '--patience <n>',
      'stop a member after this many epochs without a lower validation loss, keeping its best epoch (0: run every epoch)',
      intAtLeast(0),
      D.patience,
    )
    .option('--seed <n>', 'seed for the split, folds, initialisation and shuffling', intAtLeast(0), D.seed)
    .option(
      '--val-fraction <x>',
      'share of each label held out for validation (0: train on all rows, no validation metrics)',
      numberIn(0, 0.9),
      0.1,
    )
    .option(
      '--refit',
      'after measuring on the validation split, train again (same settings and seed) on all rows and write that model',
      false,
    )
    .option(
      '--oos-label <label>',
      'rows with this label are out of scope: learnt as one more label (answering it abstains), and they calibrate abstention',
    )
    .option(
      '--oos-weight <x>',
      `with --oos-label: weight of the out-of-scope rows in the loss (default ${ABSTAIN_DEFAULTS.oosWeight}: missing one costs as much as ${ABSTAIN_DEFAULTS.oosWeight} in-scope mistakes)`,
      numberIn(0.1, 100),
    )
    .option(
      '--oos-clusters <n>',
      `with --oos-label: the out-of-scope rows are learnt as up to this many classes, clustered by their n-grams, and served as one (default ${ABSTAIN_DEFAULTS.oosClusters}; 1: one class)`,
      intAtLeast(1),
    )
    .option(
      '--max-reject <x>',
      `share of held-out in-scope rows abstention may reject (default ${ABSTAIN_DEFAULTS.maxReject})`,
      numberIn(0, 0.5),
    )
    .option(
      '--calibration-folds <k>',
      `also calibrate abstention on the training split's rows, each predicted by one of k more models trained on the others: k more trainings for a steadier threshold (default ${ABSTAIN_DEFAULTS.calibrationFolds} with --oos-label, else 0: the validation split alone)`,
      intAtLeast(0),
    )
    .option('--batch-size <n>', 'examples per training step', intAtLeast(1), D.batchSize)
    .option('--learning-rate <x>', 'Adam learning rate', numberIn(1e-6, 10), D.learningRate)
    .addOption(
      new Option('--lr-schedule <name>', 'learning rate over the run: constant, or cosine decay to 0')
        .choices(LR_SCHEDULES)
        .default(D.lrSchedule),
    )
    .option('--embedding-dim <n>', 'width of the n-gram embeddings', intAtLeast(1), D.embeddingDim)
    .option('--hidden-units <n>', 'hidden ReLU units (0 = linear model)', intAtLeast(0), D.hiddenUnits)
    .option('--dropout <x>', 'dropout on the pooled text vector', numberIn(0, 0.9), D.dropout)
    .option(
      '--token-dropout <x>',
      "share of a text's n-grams dropped at each training step",
      numberIn(0, 0.9),
      D.tokenDropout,
    )
    .option('--label-smoothing <x>', 'share of the target spread over all labels', numberIn(0, 0.5), D.labelSmoothing)
    .option(
      '--members <n>',
      'ensemble members (own seed and embeddings each) averaged in one model',
      intAtLeast(1),
      D.members,
    )
    .option(
      '--views <list>',
      'n-grams each member sees, cycled over the members: all, words or chars (e.g. all,words,chars)',
      viewList,
      [...D.views],
    )
    .option(
      '--average-epochs <n>',
      "each member's weights averaged over its last n epochs (stochastic weight averaging; 0: the last epoch's)",
      intAtLeast(0),
      D.averageEpochs,
    )
    .option('--l2 <x>', 'L2 penalty on the embeddings', numberIn(0, 1), D.l2)
    .option('--min-df <n>', 'keep n-grams found in at least this many training texts', intAtLeast(1), D.minDf)
    .option('--max-vocab <n>', 'keep at most this many n-grams', intAtLeast(1), D.maxVocab)
    .option('--word-ngrams <range>', 'word n-gram sizes, e.g. 1-2, or none', ngramRange, range(D.wordNgrams))
    .option('--char-ngrams <range>', 'character n-gram sizes, e.g. 2-5, or none', ngramRange, range(D.charNgrams))
    .addOption(
      new Option('--char-mode <mode>', 'character n-grams inside words or over the whole text')
        .choices(['word-bounded', 'text'])
        .default(D.charMode),
    )
    .option('--max-chars <n>', 'normalised characters of a text considered', intAtLeast(1), 1000)
    .option('--max-ngrams <n>', 'distinct n-grams per text considered', intAtLeast(1), 512)
    .addOption(
      new Option('--quantize <dtype>', 'weight storage').choices(['uint8', 'float16', 'none']).default('uint8'),
    )
    .option(
      '--quantize-bits <n>',
      'with --quantize uint8: bits of each byte the codes use (fewer distinct codes deflate smaller in the zip)',
      bitDepth,
      STORAGE_DEFAULTS.quantizeBits,
    )
    .option('--name <name>', 'model name in the manifest', 'text-classifier')
    .option('--model-version <version>', 'model version in the manifest', '1.0.0')
    .option('--dataset-name <name>', 'training data name in the manifest (default: the CSV file name)')
    .option('--citation <text>', 'how to cite the training data', 'not given')
    .option('--licence <text>', 'licence of the training data', 'not given');
}

/**
 * The options of a parsed trainer command line. commander stores `''` when a parser returns null, so the n-gram
 * ranges' `none` is put back to the null the parser meant.
 */
export function trainOptionsOf(program: Command): TrainCliOptions {
  const options = program.opts<TrainCliOptions>();
  for (const key of ['wordNgrams', 'charNgrams'] as const) {
    if ((options[key] as unknown) === '') options[key] = null;
  }
  return options;
}

/** Parses trainer arguments (without `node script`) into options. commander errors are thrown, not printed. */
export function parseTrainArgs(args: readonly string[]): TrainCliOptions {
  const program = trainProgram()
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  return trainOptionsOf(program.parse([...args], { from: 'user' }));
}
