import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The project root (two levels above this file, in scripts/support/). */
export const projectRoot = resolve(__dirname, '..', '..');

/** Never mirrored: git internals, the CLI's work folders (each sandbox gets fresh ones) and the config (copied). */
const notMirrored = new Set(['.git', '.esbuild', '.serverless', 'model-cache', 'serverless.yml']);

/** A throwaway view of the service that the serverless CLI can run in without touching the checkout. */
export interface ServiceSandbox {
  /** Working directory for the CLI: symlinks to every project entry plus a real copy of serverless.yml. */
  readonly dir: string;
  /** A private HOME, so nothing the CLI writes lands in the user's home. */
  readonly home: string;
  /** A scratch directory for outputs such as `serverless package --package <dir>`. */
  readonly scratch: string;
  /** Environment for CLI children: the private HOME, no AWS credentials, no colours. */
  readonly env: NodeJS.ProcessEnv;
  /** Deletes the sandbox, its HOME and its scratch directory. */
  remove(): void;
}

/**
 * Creates a sandbox for one run of the CLI (a test suite, or `npm run bench`).
 *
 * serverless-esbuild and the framework write `.esbuild/` and `.serverless/` into the service directory and
 * delete them afterwards, so two suites (or a running `npm start`, or the benchmark) sharing the checkout would
 * delete each other's build. A directory of symlinks gives every suite its own work folders while still building the
 * real sources. serverless.yml is copied because the CLI does not accept a symlinked config file.
 *
 * @returns the sandbox; call `remove()` when done (afterAll).
 */
export function createServiceSandbox(): ServiceSandbox {
  const base = mkdtempSync(join(tmpdir(), 'atlas-sls-'));
  const dir = join(base, 'service');
  const home = join(base, 'home');
  const scratch = join(base, 'scratch');
  const tmp = join(base, 'tmp');
  for (const d of [dir, home, scratch, tmp]) mkdirSync(d);

  for (const entry of readdirSync(projectRoot)) {
    if (notMirrored.has(entry)) continue;
    symlinkSync(join(projectRoot, entry), join(dir, entry));
  }
  copyFileSync(join(projectRoot, 'serverless.yml'), join(dir, 'serverless.yml'));

  return {
    dir,
    home,
    scratch,
    env: cliEnvironment(home, tmp),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * The environment a CLI child runs with: the parent's, minus anything that could reach a real AWS account
 * or a real user profile.
 *
 * @param home - the private HOME directory
 * @param tmp - TMPDIR for the child: serverless-offline writes a folder per handler run there, which would
 *   otherwise pile up in the machine's /tmp
 */
export function cliEnvironment(home: string, tmp?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(AWS_|SLS_|SERVERLESS_)/.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    ...(tmp ? { TMPDIR: tmp } : {}),
    AWS_REGION: 'us-east-1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
}
