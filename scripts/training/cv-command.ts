import { crossValidate, type CrossValidationResult } from './cross-validate';
import type { GridConfig } from './grid';
import type { LabelledRow } from './csv';
import type { RunOptions } from './training-run';

const pct = (x: number) => x.toFixed(4);

/** `--cv K`: cross-validates one configuration, printing each fold and then mean ± std. */
export async function printCrossValidation(
  rows: readonly LabelledRow[],
  labels: readonly string[],
  options: RunOptions,
  k: number,
  log: (line: string) => void = console.log,
  probeBits: readonly number[] = [],
): Promise<CrossValidationResult> {
  log(`cross-validation: ${k} stratified folds of ${rows.length} rows (${labels.length} labels), seed ${options.seed}`);
  const cv = await crossValidate(
    rows,
    labels,
    options,
    k,
    {
      onFold: (f) => {
        log(
          `fold ${f.fold}/${k}: train ${f.trainRows}${f.stoppingRows > 0 ? ` (+${f.stoppingRows} to stop on)` : ''}, validation ${f.validationRows}, accuracy ${pct(f.accuracy)}, macro-F1 ${pct(f.macroF1)} (${f.seconds.toFixed(1)} s)`,
        );
        for (const q of f.quantized ?? [])
          log(`  stored at ${q.bits} bits: accuracy ${pct(q.accuracy)}, macro-F1 ${pct(q.macroF1)}`);
      },
    },
    probeBits,
  );
  log(
    `mean ± std over ${k} folds: accuracy ${pct(cv.accuracy.mean)} ± ${pct(cv.accuracy.std)}, macro-F1 ${pct(cv.macroF1.mean)} ± ${pct(cv.macroF1.std)} (${cv.seconds} s)`,
  );
  for (const q of cv.quantized ?? []) {
    log(
      `  stored at ${q.bits} bits: accuracy ${pct(q.accuracy.mean)} ± ${pct(q.accuracy.std)}, macro-F1 ${pct(q.macroF1.mean)} ± ${pct(q.macroF1.std)}`,
    );
  }
  return cv;
}

/** `--grid FILE`: cross-validates every configuration (same folds for all), then prints one row each, best first. */
export async function printGrid(
  rows: readonly LabelledRow[],
  labels: readonly string[],
  configs: readonly GridConfig[],
  k: number,
  log: (line: string) => void = console.log,
): Promise<{ name: string; options: RunOptions; cv: CrossValidationResult }[]> {
  const results: { name: string; options: RunOptions; cv: CrossValidationResult }[] = [];
  for (const [i, config] of configs.entries()) {
    log(`[${i + 1}/${configs.length}] ${config.name}`);
    const cv = await printCrossValidation(rows, labels, config.options, k, (line) => log(`  ${line}`));
    results.push({ name: config.name, options: config.options, cv });
  }
  const sorted = [...results].sort(
    (a, b) => b.cv.accuracy.mean - a.cv.accuracy.mean || b.cv.macroF1.mean - a.cv.macroF1.mean,
  );
  log('');
  log(`${k}-fold cross-validation, best first`);
  log(['accuracy (mean ± std)', 'macro-F1 (mean ± std)', 'seconds', 'configuration'].join(' | '));
  for (const { name, cv } of sorted) {
    log(
      [
        `${pct(cv.accuracy.mean)} ± ${pct(cv.accuracy.std)}`.padEnd(21),
        `${pct(cv.macroF1.mean)} ± ${pct(cv.macroF1.std)}`.padEnd(21),
        String(cv.seconds).padStart(7),
        name,
      ].join(' | '),
    );
  }
  return sorted;
}
