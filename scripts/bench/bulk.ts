/**
 * Bulk scoring in `npm run bench` (issue 19): `npm run score` end to end on a 60,000-row CSV beside what a Python
 * team would run on the same file (scikit-learn TF-IDF + LinearSVC: read, predict, write), rounds alternating, and
 * the scoreBatch worker's time per row with the Lambda cost per million rows it implies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { BulkRowInput, BulkRowResult } from './bulk-worker';
import { projectRoot } from './events';
import { renderTable } from './table';
import { runWorker } from './worker';

/** The banking77 training file in the shared data folder beside the checkout; read by path, never copied in. */
export const BULK_DATA = join(projectRoot, '..', 'shared', 'data', 'banking77', 'train.csv');
const ROWS = 60_000;
const ROUNDS = 3;
/** The state machine's MaxItemsPerBatch (resources/bulk-scoring.yml). */
const BATCH_ROWS = 400;
const PYTHON = '/usr/bin/python3';

/** AWS list prices, us-east-1, for the cost line (arm64 Lambda, Step Functions standard). */
const PRICES = { lambdaGbSecondArm: 0.0000133334, lambdaRequest: 0.2 / 1e6, stateTransition: 0.025 / 1000 };
/** Lambda gives a function one full vCPU at 1,769 MB; at 1,024 MB (the stages' memorySize) it gets this share. */
const CPU_SHARE_AT_1GB = 1024 / 1769;
/** State transitions per child execution: its one task state, entered and left. */
const TRANSITIONS_PER_BATCH = 2;

export interface EndToEnd {
  seconds: number[];
  medianSeconds: number;
  rowsPerSecond: number;
}

export interface BulkResults {
  rows: number;
  workers: number;
  ours: EndToEnd;
  sklearn: EndToEnd | { skipped: string };
  worker: BulkRowResult & { batchRows: number; lambdaCostPerMillionRows: number };
}

/** Runs the bulk section, or says why it cannot (no data file). */
export async function benchBulk(
  scratch: string,
  progress: (message: string) => void,
): Promise<BulkResults | { skipped: string }> {
  if (!existsSync(BULK_DATA))
    return { skipped: `${BULK_DATA} not found (the banking77 training CSV the 60,000 rows are drawn from)` };
  const input = join(scratch, 'bulk-60k.csv');
  await writeRows(input);
  const workers = availableParallelism();
  const sklearn = sklearnMissing();
  const model = join(scratch, 'sklearn.pkl');
  if (!sklearn) {
    progress('bulk: fitting the scikit-learn peer (not timed) ...');
    run(PYTHON, [join(__dirname, 'sklearn_pipeline.py'), 'fit', BULK_DATA, model]);
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    progress(
      `bulk: round ${round}/${ROUNDS}: npm run score (${workers} workers)${sklearn ? '' : ' and scikit-learn'} on ${ROWS} rows ...`,
    );
    ours.push(
      await timed(process.execPath, [
        '--import',
        'tsx',
        join(projectRoot, 'scripts', 'score.ts'),
        '--input',
        input,
        '--output',
        join(scratch, 'bulk-ours.csv'),
      ]),
    );
    if (!sklearn)
      theirs.push(
        await timed(PYTHON, [
          join(__dirname, 'sklearn_pipeline.py'),
          'score',
          model,
          input,
          join(scratch, 'bulk-sklearn.csv'),
        ]),
      );
  }
  progress(`bulk: scoreBatch's work per row, batches of ${BATCH_ROWS}, one thread ...`);
  const perRow = await runWorker<BulkRowInput, BulkRowResult>(
    join(__dirname, 'bulk-worker.ts'),
    { batchRows: BATCH_ROWS, minMs: 2_000 },
    { cwd: projectRoot },
  );
  return {
    rows: ROWS,
    workers,
    ours: endToEnd(ours),
    sklearn: sklearn ? { skipped: sklearn } : endToEnd(theirs),
    worker: { ...perRow, batchRows: BATCH_ROWS, lambdaCostPerMillionRows: lambdaCostPerMillionRows(perRow.msPerRow) },
  };
}

/**
 * Lambda + Step Functions cost of a million rows at 1 GB arm64: this machine's time per row, stretched by the CPU
 * share a 1 GB function gets, plus one request and the child execution's transitions per batch. S3 requests
 * (one GET of the file, a few PUTs of results) are noise at this scale.
 */
export function lambdaCostPerMillionRows(msPerRow: number): number {
  const seconds = (1e6 * msPerRow) / 1000 / CPU_SHARE_AT_1GB;
  const batches = 1e6 / BATCH_ROWS;
  return (
    seconds * 1 * PRICES.lambdaGbSecondArm +
    batches * (PRICES.lambdaRequest + TRANSITIONS_PER_BATCH * PRICES.stateTransition)
  );
}

export function renderBulk(r: BulkResults | { skipped: string }): string {
  if ('skipped' in r) return `Bulk scoring: skipped: ${r.skipped}`;
  const peer = 'skipped' in r.sklearn ? undefined : r.sklearn;
  const row = (name: string, e: EndToEnd) => [
    name,
    e.medianSeconds.toFixed(2),
    e.rowsPerSecond.toFixed(0),
    peer ? `${(e.rowsPerSecond / peer.rowsPerSecond).toFixed(2)}x` : '',
  ];
  return [
    `Bulk scoring: the same ${r.rows}-row CSV, process start -> output written (median of ${r.ours.seconds.length} alternating rounds; the machine may be shared)\n` +
      renderTable(
        ['pipeline', 'seconds', 'rows/s', "÷ scikit-learn's rows/s"],
        [
          row(`npm run score, ${r.workers} workers`, r.ours),
          ...(peer ? [row('scikit-learn TF-IDF + LinearSVC (python3: read, predict, write)', peer)] : []),
        ],
      ),
    ...(peer ? [] : [`scikit-learn peer skipped: ${(r.sklearn as { skipped: string }).skipped}`]),
    `scoreBatch work per row (scoreRows, batches of ${r.worker.batchRows}, one thread): ${(r.worker.msPerRow * 1000).toFixed(1)} µs; ` +
      `Lambda (1 GB arm64) + Step Functions cost per million rows: $${r.worker.lambdaCostPerMillionRows.toFixed(3)}`,
  ].join('\n');
}

function endToEnd(seconds: number[]): EndToEnd {
  const sorted = [...seconds].sort((a, b) => a - b);
  const medianSeconds = sorted[Math.floor(sorted.length / 2)]!;
  return { seconds, medianSeconds, rowsPerSecond: ROWS / medianSeconds };
}

/** Why the Python peer cannot run here, or undefined when it can. */
function sklearnMissing(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn'], { encoding: 'utf8' });
  return probe.status === 0 ? undefined : 'scikit-learn is not installed (Debian: apt-get install python3-sklearn)';
}

/** 60,000 rows cycling through the training texts, with ids, so both pipelines read the same file. */
async function writeRows(path: string): Promise<void> {
  const texts = (parse(readFileSync(BULK_DATA, 'utf8'), { columns: true }) as Array<{ text: string }>).map(
    (r) => r.text,
  );
  const out = createWriteStream(path);
  out.write('id,text\n');
  for (let i = 0; i < ROWS; i++) {
    const text = texts[i % texts.length]!;
    if (!out.write(`r${i},"${text.replace(/"/g, '""')}"\n`))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
}

/** Wall-clock seconds of one process, spawn to exit. */
function timed(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
}
