import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot, type ServiceSandbox } from './service-sandbox';

const serverlessBin = join(projectRoot, 'node_modules', 'serverless', 'bin', 'serverless.js');

/** Process groups this test process started and has not seen exit yet. */
const liveGroups = new Set<number>();

// Last resort if a suite dies before its afterAll: never leave a CLI running after jest's worker exits.
process.on('exit', () => {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
});

/** How a finished CLI run ended, with everything it printed. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock duration in milliseconds (reported, never asserted). */
  ms: number;
}

/** A CLI process running in the background (e.g. `serverless offline`). */
export interface BackgroundCli {
  readonly pid: number;
  /** Everything printed so far, stdout then stderr, for failure messages. */
  output(): string;
  /** How the process ended, or `null` while it still runs. */
  exitStatus(): CliResult | null;
  /** Stops the whole process group: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Starts `serverless <args>` in the sandbox as the leader of its own process group. */
function spawnServerless(args: readonly string[], sandbox: ServiceSandbox): ChildProcess & { pid: number } {
  return spawnInSandbox(process.execPath, [serverlessBin, ...args], sandbox);
}

/** Starts `command <args>` in the sandbox as the leader of its own process group (so `stop()` ends its children too). */
function spawnInSandbox(
  command: string,
  args: readonly string[],
  sandbox: ServiceSandbox,
): ChildProcess & { pid: number } {
  const child = spawn(command, [...args], {
    cwd: sandbox.dir,
    env: sandbox.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
  liveGroups.add(child.pid);
  return child as ChildProcess & { pid: number };
}

/** Collects a child's output and exit into one place. */
function track(child: ChildProcess & { pid: number }) {
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  let result: CliResult | null = null;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      // The leader is gone; make sure nothing it started (workers, esbuild service) outlives it.
      killGroup(child.pid, 'SIGKILL');
      liveGroups.delete(child.pid);
      result = { code, signal, stdout, stderr, ms: Date.now() - started };
      resolve(result);
    });
  });
  return {
    exited,
    output: () => `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
    result: () => result,
  };
}

/**
 * Runs `serverless <args>` in the sandbox to completion.
 *
 * @param args - CLI arguments, e.g. `['package', '--stage', 'dev']`
 * @param sandbox - where to run and with which environment
 * @param timeoutMs - the process group is killed after this long and the promise rejects with its output
 * @returns the exit code and output; a non-zero exit is returned, not thrown, so tests can show the output
 */
export async function runServerless(
  args: readonly string[],
  sandbox: ServiceSandbox,
  timeoutMs = 120_000,
): Promise<CliResult> {
  const child = spawnServerless(args, sandbox);
  const tracked = track(child);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`serverless ${args.join(' ')} timed out after ${timeoutMs} ms\n${tracked.output()}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([tracked.exited, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts `serverless <args>` in the background (e.g. `offline`). Always call `stop()` in afterAll.
 *
 * @param args - CLI arguments
 * @param sandbox - where to run and with which environment
 */
export function startServerless(args: readonly string[], sandbox: ServiceSandbox): BackgroundCli {
  return background(spawnServerless(args, sandbox));
}

/**
 * Starts `npm start -- <args>` in the sandbox in the background: the `start` script exactly as a user runs it (with
 * whatever flags package.json gives it), plus `args`. Always call `stop()` in afterAll.
 *
 * @param args - extra CLI arguments for the script, e.g. ports
 * @param sandbox - where to run and with which environment (npm finds the sandbox's package.json and node_modules)
 */
export function startNpmStart(args: readonly string[], sandbox: ServiceSandbox): BackgroundCli {
  return background(spawnInSandbox(npmBin, ['start', '--silent', '--no-update-notifier', '--', ...args], sandbox));
}

/** npm as a user runs it: the one on PATH. */
const npmBin = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function background(child: ChildProcess & { pid: number }): BackgroundCli {
  const tracked = track(child);
  return {
    pid: child.pid,
    output: tracked.output,
    exitStatus: tracked.result,
    async stop(graceMs = 5_000) {
      if (tracked.result()) return;
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
      await tracked.exited;
      clearTimeout(timer);
    },
  };
}

/** Throws with the CLI's output unless it exited with code 0. */
export function expectSuccess(result: CliResult, what: string): CliResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited with ${result.code ?? result.signal}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result;
}
