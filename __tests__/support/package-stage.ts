import { join } from 'node:path';
import { expectSuccess, runServerless } from '../../scripts/support/serverless-cli';
import { createServiceSandbox, type ServiceSandbox } from '../../scripts/support/service-sandbox';

/**
 * `serverless package --stage <stage> [args]` in a sandbox of its own, so runs can overlap without sharing
 * serverless-esbuild's work folder. The sandbox is added to `sandboxes` for the suite's afterAll to remove.
 *
 * @param name - the output folder's name (default: the stage)
 * @returns the package directory (template and zips); fails with the CLI's output when packaging fails
 */
export async function packageStage(
  stage: string,
  sandboxes: ServiceSandbox[],
  args: readonly string[] = [],
  name = stage,
): Promise<string> {
  const sandbox = createServiceSandbox();
  sandboxes.push(sandbox);
  const out = join(sandbox.scratch, name);
  const command = ['package', '--stage', stage, ...args, '--package', out];
  expectSuccess(await runServerless(command, sandbox), `serverless ${command.slice(0, -2).join(' ')}`);
  return out;
}
