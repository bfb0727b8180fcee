import type { BackgroundCli } from '../../scripts/support/serverless-cli';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `url` answers HTTP at all (any status), polling every 200 ms.
 *
 * Fails early, with the CLI's output, if the CLI exits first; fails with the output after `timeoutMs`.
 *
 * @param url - a URL served by the CLI that does not need to run a function (e.g. an unknown route: 404)
 * @param cli - the background CLI whose output goes into the failure message
 * @param timeoutMs - how long to wait in total
 */
export async function waitForHttp(url: string, cli: BackgroundCli, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = cli.exitStatus();
    if (exit) throw new Error(`the server exited (${exit.code ?? exit.signal}) before it was ready\n${cli.output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms\n${cli.output()}`);
}
