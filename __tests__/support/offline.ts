import { type BackgroundCli, startNpmStart, startServerless } from '../../scripts/support/serverless-cli';
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
export async function startOffline(
  stage: string,
  readyTimeoutMs: number,
  localEnvironment?: NodeJS.ProcessEnv,
): Promise<OfflineServer> {
  return startOfflineVia('serverless offline', stage, readyTimeoutMs, localEnvironment);
}

/**
 * Starts the service as a user's `npm start` does (package.json's `start` script with its own flags; only the stage,
 * host and free ports are added), with `environment` set in the shell it runs from, e.g. `{ MODEL_DIR }`. Nothing
 * adds `--localEnvironment`: whether the functions see `environment` is up to the script. Call `stop()` in afterAll.
 */
export async function startNpmStartOffline(
  stage: string,
  readyTimeoutMs: number,
  environment: NodeJS.ProcessEnv,
): Promise<OfflineServer> {
  return startOfflineVia('npm start', stage, readyTimeoutMs, environment);
}

async function startOfflineVia(
  via: 'serverless offline' | 'npm start',
  stage: string,
  readyTimeoutMs: number,
  environment: NodeJS.ProcessEnv | undefined,
): Promise<OfflineServer> {
  const sandbox: ServiceSandbox = createServiceSandbox();
  Object.assign(sandbox.env, environment);
  const [httpPort, lambdaPort, websocketPort, albPort] = await freePorts(4);
  const args = [
    '--stage',
    stage,
    '--host',
    localHost,
    '--httpPort',
    String(httpPort),
    '--lambdaPort',
    String(lambdaPort),
    '--websocketPort',
    String(websocketPort),
    '--albPort',
    String(albPort),
    '--noSponsor',
  ];
  const cli =
    via === 'npm start'
      ? startNpmStart(args, sandbox)
      : startServerless(['offline', ...args, ...(environment ? ['--localEnvironment'] : [])], sandbox);
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
