/**
 * `serverless invoke local -f smokeTest --stage prod` with a CodeDeploy lifecycle event: the packaged hook, with the
 * prod configuration, checks the new versions and reports to its deployment. The AWS SDK is mocked at the client
 * inside the CLI process (support/mock-aws.js); the versions' answers are recorded from this checkout's real handlers.
 */
import '../http/support/quiet-env';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSmokeTestHook } from '../../lib/release/hook';
import { expectSuccess, runServerless } from '../../scripts/support/serverless-cli';
import { createServiceSandbox, projectRoot, type ServiceSandbox } from '../../scripts/support/service-sandbox';
import { HOOK_ENV, invokeVersion } from './support/service-versions';

jest.setTimeout(120_000);

const EVENT_FILE = join(projectRoot, 'events', 'codedeploy', 'before-allow-traffic.json');
const event = JSON.parse(readFileSync(EVENT_FILE, 'utf8')) as {
  DeploymentId: string;
  LifecycleEventHookExecutionId: string;
};
const manifest = JSON.parse(readFileSync(join(projectRoot, 'model', 'manifest.json'), 'utf8')) as {
  labels: string[];
  samples: { text: string; label: string }[];
};

let sandbox: ServiceSandbox;
let recording: string;

beforeAll(async () => {
  sandbox = createServiceSandbox();
  // Record what the real handlers answer to every invocation the hook makes (same texts in both cases below).
  const answers: Record<string, unknown> = {};
  const lambda = mockClient(LambdaClient);
  lambda.on(InvokeCommand).callsFake(async (input) => {
    const out = await invokeVersion(input);
    answers[`${input.FunctionName} ${new TextDecoder().decode(input.Payload as Uint8Array)}`] = JSON.parse(
      out.Payload.transformToString(),
    );
    return out;
  });
  mockClient(CodeDeployClient).onAnyCommand().resolves({});
  const verdict = await createSmokeTestHook({
    lambda: new LambdaClient({}),
    codeDeploy: new CodeDeployClient({}),
    env: HOOK_ENV,
  })(event);
  expect(verdict.status).toBe('Succeeded');
  lambda.restore();
  recording = join(sandbox.scratch, 'recording.json');
  writeFileSync(recording, JSON.stringify(answers));
});

afterAll(() => sandbox?.remove());

/** Runs the hook under `invoke local` for prod and returns what it returned and what it reported. */
async function invokeHook(name: string, extraEnv: Record<string, string> = {}) {
  const reports = join(sandbox.scratch, `${name}.reports.jsonl`);
  const env = { ...HOOK_ENV, ...extraEnv };
  const run = {
    ...sandbox,
    env: {
      ...sandbox.env,
      NODE_OPTIONS: `--require ${join(__dirname, 'support', 'mock-aws.js')}`,
      SMOKE_TEST_RECORDING: recording,
      SMOKE_TEST_REPORTS: reports,
    },
  };
  const args = [
    'invoke',
    'local',
    '-f',
    'smokeTest',
    '-p',
    EVENT_FILE,
    '--stage',
    'prod',
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
  ];
  const result = expectSuccess(
    await runServerless(args, run, 100_000),
    `serverless invoke local -f smokeTest (${name})`,
  );
  const start = result.stdout.lastIndexOf('\n{\n');
  const returned = JSON.parse(result.stdout.slice(start >= 0 ? start + 1 : 0)) as {
    status: string;
    failures: string[];
    agreement: Record<string, { agreed: number; total: number }>;
  };
  const reported = existsSync(reports)
    ? readFileSync(reports, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, string>)
    : [];
  return { returned, reported };
}

test('passes the default model and reports Succeeded for the deployment in the event', async () => {
  const { returned, reported } = await invokeHook('passing');
  expect(returned.status).toBe('Succeeded');
  expect(returned.agreement.classify?.total).toBe(manifest.samples.length);
  expect(reported).toEqual([
    {
      deploymentId: event.DeploymentId,
      lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
      status: 'Succeeded',
    },
  ]);
});

test('fails a bundle whose samples disagree with the model, and reports Failed', async () => {
  const dir = join(sandbox.scratch, 'disagreeing-bundle');
  mkdirSync(dir);
  const next = (label: string) => manifest.labels[(manifest.labels.indexOf(label) + 1) % manifest.labels.length]!;
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ ...manifest, samples: manifest.samples.map((s) => ({ ...s, label: next(s.label) })) }),
  );
  const { returned, reported } = await invokeHook('failing', { MODEL_DIR: dir });
  expect(returned.status).toBe('Failed');
  expect(returned.failures).toEqual([
    expect.stringMatching(/^classify agreed with \d+ of 154 samples/),
    expect.stringMatching(/^classifyBatch agreed with \d+ of 154 samples/),
  ]);
  expect(reported).toEqual([
    {
      deploymentId: event.DeploymentId,
      lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
      status: 'Failed',
    },
  ]);
});
