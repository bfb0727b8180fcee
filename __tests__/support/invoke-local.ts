import { expectSuccess, runServerless } from '../../scripts/support/serverless-cli';
import type { ServiceSandbox } from '../../scripts/support/service-sandbox';

export interface LambdaResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: any;
}

/**
 * The handler's response from `invoke local`'s stdout. The CLI prints it last, pretty-printed from a line
 * holding only `{`; the log and metric lines before it are one-line JSON objects.
 */
export function parseInvokeOutput(stdout: string): unknown {
  const marker = stdout.lastIndexOf('\n{\n');
  const start = marker >= 0 ? marker + 1 : stdout.startsWith('{\n') ? 0 : -1;
  if (start < 0) throw new Error(`no response in the output:\n${stdout}`);
  const response = JSON.parse(stdout.slice(start)) as Partial<LambdaResponse>;
  // invoke local shows a JSON body parsed; a real Lambda returns it as a string.
  if (typeof response.body === 'string') response.body = JSON.parse(response.body);
  return response;
}

/**
 * Runs one function with `serverless invoke local -f <fn> -p <event> --stage <stage>` (each `env` entry as
 * `--env KEY=VALUE`) and returns its response (an HTTP function's by default; `R` for another, such as the
 * scoreBatch worker's); fails with the CLI output.
 */
export async function invokeLocal<R = LambdaResponse>(
  sandbox: ServiceSandbox,
  fn: string,
  eventPath: string,
  stage: string,
  env: Record<string, string> = {},
): Promise<R> {
  const envArgs = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const result = expectSuccess(
    await runServerless(['invoke', 'local', '-f', fn, '-p', eventPath, '--stage', stage, ...envArgs], sandbox, 50_000),
    `serverless invoke local -f ${fn} --stage ${stage}`,
  );
  try {
    return parseInvokeOutput(result.stdout) as R;
  } catch (error) {
    throw new Error(`${String(error)}\n--- stderr ---\n${result.stderr}`, { cause: error });
  }
}
