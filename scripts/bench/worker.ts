import { fork } from 'node:child_process';

/** Environment and output handling of a measurement child. */
export interface WorkerOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Runs one measurement in a fresh node (`--expose-gc`, TypeScript through tsx) and returns what it reports.
 * A fresh process per measurement keeps them from disturbing each other (JIT state, heap, loaded bundles), and
 * its stdout (the function's access logs, as Lambda would write them) is discarded rather than flooding the table.
 *
 * @param file - the worker module; it must call {@link serveWorker}
 * @param input - passed to the worker's function
 * @throws Error with the worker's stderr when it fails
 */
export function runWorker<I, O>(file: string, input: I, options: WorkerOptions = {}): Promise<O> {
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let result: { ok: true; value: O } | { ok: false; error: string } | undefined;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    child.on('message', (message) => {
      result = message as typeof result;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (result?.ok) resolve(result.value);
      else reject(new Error(`${file} failed (exit ${code}): ${result?.error ?? ''}\n${stderr}`));
    });
    child.send(input as object);
  });
}

/**
 * The child side of {@link runWorker}: waits for the input, runs `measure`, sends the result back and exits.
 *
 * @param measure - the measurement
 */
export function serveWorker<I, O>(measure: (input: I) => Promise<O>): void {
  process.once('message', (input) => {
    measure(input as I).then(
      (value) => process.send!({ ok: true, value }, () => process.exit(0)),
      (error: unknown) =>
        process.send!({ ok: false, error: String((error as Error)?.stack ?? error) }, () => process.exit(1)),
    );
  });
}

/** Collects garbage twice (a second pass frees what finalisers of the first released). Needs `--expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc');
  gc();
  gc();
}
