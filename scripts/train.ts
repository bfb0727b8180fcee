/**
 * Trains a text classifier from a labelled CSV and writes a model bundle.
 *
 *   npm run train -- --data data.csv --out my-model --label-column category
 *   npm run train -- --data data.csv --out my-model --refit  # measure on the held-out split, then ship a refit on all rows
 *   npm run train -- --data data.csv --out model --force      # replace the shipped model (--out must otherwise be new or empty)
 *   npm run train -- --data data.csv --cv 5                 # stratified 5-fold cross-validation; writes nothing
 *   npm run train -- --data data.csv --cv 3 --grid grid.json  # compare configurations by cross-validation
 */
import { SingleBar } from 'cli-progress';
import { checkOutOfScopeRows, manualThresholdHint, outOfScopeSettings, whyThresholdOff } from './training/abstention';
import { runCli } from './training/cli-helpers';
import { trainOptionsOf, trainProgram } from './training/cli-options';
import { printCrossValidation, printGrid } from './training/cv-command';
import { cvRecord, writeCvRecords } from './training/cv-record';
import { readGrid } from './training/grid';
import { readTrainingData, trainBundle } from './training/pipeline';

const program = trainProgram();

runCli(async () => {
  // Out-of-scope defaults filled in first, so --cv records the settings a training run records (--cv-from).
  const options = outOfScopeSettings(trainOptionsOf(program.parse()));
  if (options.cv !== undefined || options.grid !== undefined) {
    // Parse the grid before reading the data, so a bad grid file fails at once.
    const configs = options.grid
      ? readGrid(options.grid, process.argv.slice(2)).map((c) => ({ ...c, options: outOfScopeSettings(c.options) }))
      : undefined;
    const { rows, labels } = readTrainingData(options);
    checkOutOfScopeRows(rows, options.oosLabel);
    const k = options.cv ?? 5;
    if (configs) {
      const results = await printGrid(rows, labels, configs, k);
      if (options.cvOut)
        writeCvRecords(
          options.cvOut,
          results.map(({ options: o, cv }) => cvRecord(options.data, rows.length, o, cv)),
        );
    } else {
      const cv = await printCrossValidation(rows, labels, options, k, console.log, options.cvBits);
      if (options.cvOut) writeCvRecords(options.cvOut, cvRecord(options.data, rows.length, options, cv));
    }
    return;
  }
  const interactive = Boolean(process.stdout.isTTY);
  const bar = new SingleBar({
    format:
      '{phase}epoch {epoch}/{epochs} |{bar}| {percentage}% | loss {loss} | val acc {valAcc} | {duration_formatted}',
    hideCursor: true,
    stream: process.stdout,
  });
  // Phase names only appear with --refit or calibration folds, so a plain run prints exactly what it always did.
  let phase = '';
  let member = '';
  // The epochs the current member may train: --epochs, or in a refit the epochs its held-out run kept.
  let refitEpochs: number[] | undefined;
  let epochs = options.epochs;
  const result = await trainBundle(options, {
    onData: (info) => {
      console.log(
        `rows ${info.rows} (skipped ${info.skipped} with empty text or label), labels ${info.labels}, ` +
          `train ${info.train}, validation ${info.validation}, vocabulary ${info.vocabulary} n-grams`,
      );
    },
    onPhase: (name, info) => {
      if (!options.refit && !options.calibrationFolds) return;
      if (interactive && name !== 'held-out') bar.stop(); // the previous training's bar is finished
      const trainings = 1 + (options.calibrationFolds || 0) + (options.refit ? 1 : 0);
      const step = name === 'held-out' ? 1 : name === 'calibration' ? 1 + info.fold! : trainings;
      const title = {
        'held-out': 'held-out run',
        calibration: `calibration fold ${info.fold}/${info.of}`,
        refit: 'refit on all rows',
      }[name];
      phase = `[${step}/${trainings} ${title}] `;
      refitEpochs = info.memberEpochs;
      const perMember = `${info.memberEpochs?.join(', ')} epochs per member (each one's best in the held-out run)`;
      console.log(
        name === 'held-out'
          ? `${phase}training on ${info.train} rows to measure on the validation split`
          : name === 'calibration'
            ? `${phase}training on ${info.train} rows of the training split, vocabulary ${info.vocabulary} n-grams, ` +
              `${perMember}, to predict the rest of it for calibrating abstention`
            : `${phase}training from scratch on all ${info.train} rows, vocabulary ${info.vocabulary} n-grams, ` +
              `${perMember}; this model is the one written`,
      );
    },
    onMember: (m, of) => {
      member = of > 1 ? `member ${m}/${of} ` : '';
      epochs = refitEpochs?.[m - 1] ?? options.epochs;
    },
    onStep: (epoch, step, steps, loss) => {
      if (!interactive) return;
      const done = (epoch - 1) * steps + step;
      if (done === 1) bar.start(epochs * steps, 0, { phase: phase + member, epoch, epochs, loss: '-', valAcc: '-' });
      bar.update(done, { epoch, loss: loss.toFixed(4) });
    },
    onEpoch: (r) => {
      const valAcc = Number.isNaN(r.valAccuracy) ? '-' : r.valAccuracy.toFixed(4);
      if (interactive) bar.update({ loss: r.loss.toFixed(4), valAcc });
      else
        console.log(
          `${phase}${member}epoch ${r.epoch}/${epochs} loss ${r.loss.toFixed(4)} val acc ${valAcc}` +
            (Number.isNaN(r.valLoss) ? '' : ` val loss ${r.valLoss.toFixed(4)}`),
        );
    },
    onEarlyStop: (fit) => {
      if (interactive) bar.stop();
      console.log(
        `${phase}${member}stopped after epoch ${fit.epochsRun}: no lower validation loss for ${options.patience} epochs; kept epoch ${fit.bestEpoch}'s weights`,
      );
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
    const off = whyThresholdOff(abstain);
    const policy = off
      ? `threshold off (0): ${off}` +
        (options.oosLabel === undefined ? '' : `; answers of "${abstain.label}" still abstain`)
      : `${abstain.method} < ${abstain.threshold} -> "${abstain.label}"`;
    console.log(
      `abstention: ${policy}; held-out in-scope${m.outOfFoldRows ? ` (validation split and calibration folds: ${m.inScopeRows} rows)` : ''}: ` +
        `rejects ${m.inScopeRejectRate.toFixed(4)}, ` +
        `accuracy ${m.inScopeAccuracy.toFixed(4)}` +
        (m.oosRecall === undefined ? '' : `; out-of-scope (${m.oosRows} rows): recall ${m.oosRecall.toFixed(4)}`),
    );
    if (off) console.log(`abstention: ${manualThresholdHint(options.out)}`);
  }
  const { epochsRun, bestEpochs, oosClasses } = result.manifest.training.settings as {
    epochsRun: number[];
    bestEpochs: number[];
    oosClasses?: number;
  };
  if (oosClasses !== undefined)
    console.log(
      `out-of-scope rows ("${options.oosLabel}") learnt as ${oosClasses} ${oosClasses === 1 ? 'class' : 'clusters'} ` +
        `(--oos-clusters ${options.oosClusters}), served as the one label`,
    );
  console.log(
    `epochs per member${options.refit ? ' (held-out run)' : ''}: ` +
      epochsRun.map((n, m) => (n === bestEpochs[m] ? `${n}` : `${n} (kept ${bestEpochs[m]})`)).join(', ') +
      ` of at most ${options.epochs}` +
      (v.n > 0 && options.patience === 0
        ? ' (--patience 0: no early stopping)'
        : v.n === 0
          ? ' (no validation rows: no early stopping)'
          : ''),
  );
  const refit = result.manifest.training.refit;
  const trainedOn = refit ? `, refit on ${refit.rows} rows` : '';
  console.log(
    `wrote ${options.out} (weights ${weights} bytes${trainedOn}) in ${result.manifest.training.durationSeconds} s`,
  );
});
