import { type BackgroundCli, startServerless } from '../../scripts/support/serverless-cli';
import { createServiceSandbox, type ServiceSandbox } from '../../scripts/support/service-sandbox';
import { freePorts, localHost } from './ports';
import { waitForHttp } from './wait';

/** A running `serverless offline` in its own sandbox. */
export interface OfflineServer {
  /** The CLI process, for its output, pid and exit status. */
  readonly cli: BackgroundCli;
  /** `http://127.0.0.1:<port>/<stage>`: prepend to a route such as `/classify`. */
  readonly baseUrl: string;
  /** Stops the process group and deletes the sandbox. */
  stop(): Promise<void>;
}

/**
 * Starts `serverless offline` for a stage in a fresh sandbox (private HOME and TMPDIR), on free ports for every
 * listener it opens, and resolves once it answers HTTP. Call `stop()` in afterAll.
 *
 * @param stage - the stage whose params to use
 * @param readyTimeoutMs - how long bundling and start-up may take
 * @param localEnvironment - environment handed to the functions too (`--localEnvironment`), e.g. `{ MODEL_DIR }`
 */
export async function startOffline(stage: string, readyTimeoutMs: number, localEnvironment?: NodeJS.ProcessEnv): Promise<OfflineServer> {
  const sandbox: ServiceSandbox = createServiceSandbox();
  Object.assign(sandbox.env, localEnvironment);
  const [httpPort, lambdaPort, websocketPort, albPort] = await freePorts(4);
  const cli = startServerless(
    [
      'offline',
      '--stage', stage,
      '--host', localHost,
      '--httpPort', String(httpPort),
      '--lambdaPort', String(lambdaPort),
      '--websocketPort', String(websocketPort),
      '--albPort', String(albPort),
      '--noSponsor',
      ...(localEnvironment ? ['--localEnvironment'] : []),
    ],
    sandbox,
  );
  const stop = async (): Promise<void> => {
    await cli.stop();
    sandbox.remove();
  };
  const baseUrl = `http://${localHost}:${httpPort}/${stage}`;
  try {
    // An unknown route is answered by offline itself (404) without running a function: ready, nothing warmed.
    await waitForHttp(`${baseUrl}/__ready`, cli, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { cli, baseUrl, stop };
}
