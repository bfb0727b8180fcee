import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../../scripts/support/service-sandbox';

/** How a run of `npm run score` ended. */
export interface ScoreCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run score -- <args>` (node + tsx, as npm runs it) from the project root, without a terminal (so no
 * progress bar), with the service's default limits.
 *
 * @param nodeOptions - e.g. `--max-old-space-size=32`
 * @param started - called with the process once it runs (to signal it)
 */
export function scoreCli(
  args: readonly string[],
  nodeOptions = '',
  started?: (child: ChildProcess) => void,
): Promise<ScoreCliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: nodeOptions };
  for (const name of ['MODEL_DIR', 'MAX_TEXT_CHARS', 'ABSTAIN_THRESHOLD']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/score.ts', ...args], {
      cwd: projectRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    started?.(child);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : null), stdout, stderr }));
  });
}
