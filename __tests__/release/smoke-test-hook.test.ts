import '../http/support/quiet-env';
import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSmokeTestHook } from '../../lib/release/hook';
import { answerNamingModel, HOOK_ENV, invokeVersion, lambdaPayload } from './support/service-versions';

const MODEL_DIR = join(__dirname, '..', '..', 'model');
const manifest = JSON.parse(readFileSync(join(MODEL_DIR, 'manifest.json'), 'utf8')) as {
  name: string;
  labels: string[];
  samples: { text: string; label: string }[];
};

/** A CodeDeploy lifecycle event, as the AppSpec hook of a Lambda deployment receives it. */
const EVENT = { DeploymentId: 'd-8Y1NV7GJQ', LifecycleEventHookExecutionId: 'eyJlbmNyeXB0ZWREYXRhIjoiSGVsbG8ifQ==' };

const lambda = mockClient(LambdaClient);
const codeDeploy = mockClient(CodeDeployClient);
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'smoke-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(() => {
  lambda.reset();
  codeDeploy.reset();
  lambda.on(InvokeCommand).callsFake(invokeVersion);
  codeDeploy
    .on(PutLifecycleEventHookExecutionStatusCommand)
    .resolves({ lifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId });
});

function hook(options: { env?: Record<string, string>; modelDir?: string } = {}) {
  return createSmokeTestHook({
    lambda: new LambdaClient({}),
    codeDeploy: new CodeDeployClient({}),
    env: { ...HOOK_ENV, ...options.env },
    modelDir: options.modelDir ?? MODEL_DIR,
  });
}

/** The statuses reported to CodeDeploy, with the ids they were reported for. */
const reports = () =>
  codeDeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand).map((call) => call.args[0].input);

/** A bundle directory holding only a manifest: the default one with its samples' labels each moved to the next label. */
function bundleWhoseSamplesDisagree(): string {
  const dir = mkdtempSync(join(scratch, 'disagree-'));
  const next = (label: string) => manifest.labels[(manifest.labels.indexOf(label) + 1) % manifest.labels.length]!;
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ ...manifest, samples: manifest.samples.map((s) => ({ ...s, label: next(s.label) })) }),
  );
  return dir;
}

describe('the BeforeAllowTraffic smoke test', () => {
  it('passes new versions that answer the bundle samples as expected, and reports Succeeded to its deployment', async () => {
    const result = await hook()(EVENT);
    expect(result).toMatchObject({
      status: 'Succeeded',
      passed: true,
      failures: [],
      health: 'ok',
      model: { deployed: manifest.name, candidate: manifest.name },
    });
    const total = manifest.samples.length;
    for (const route of ['classify', 'classifyBatch'] as const) {
      const agreement = (result as { agreement: Record<string, { total: number; share: number }> }).agreement[route]!;
      expect(agreement.total).toBe(total);
      expect(agreement.share).toBeGreaterThanOrEqual(0.8);
    }
    expect(reports()).toEqual([
      {
        deploymentId: EVENT.DeploymentId,
        lifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId,
        status: 'Succeeded',
      },
    ]);
    // Every sample went to the new classify version one by one, and to the new classifyBatch version in batches of at most 128.
    const invoked = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input.FunctionName);
    expect(invoked.filter((arn) => arn === HOOK_ENV.CLASSIFY_VERSION_ARN)).toHaveLength(total);
    expect(invoked.filter((arn) => arn === HOOK_ENV.CLASSIFY_BATCH_VERSION_ARN)).toHaveLength(Math.ceil(total / 128));
    expect(invoked.filter((arn) => arn === HOOK_ENV.HEALTH_VERSION_ARN)).toHaveLength(1);
  });

  it('fails a bundle whose samples disagree with its model, naming both routes, and reports Failed', async () => {
    const result = await hook({ modelDir: bundleWhoseSamplesDisagree() })(EVENT);
    expect(result.status).toBe('Failed');
    const failures = (result as { failures: string[] }).failures;
    expect(failures).toEqual([
      expect.stringMatching(/^classify agreed with \d+ of 154 samples \(.*%\), under the required 80%$/),
      expect.stringMatching(/^classifyBatch agreed with \d+ of 154 samples/),
    ]);
    expect(reports()).toEqual([expect.objectContaining({ deploymentId: EVENT.DeploymentId, status: 'Failed' })]);
  });

  it('fails when the new health version is not ok', async () => {
    lambda.on(InvokeCommand, { FunctionName: HOOK_ENV.HEALTH_VERSION_ARN }).resolves({
      StatusCode: 200,
      Payload: lambdaPayload({
        statusCode: 503,
        body: JSON.stringify({
          status: 'unavailable',
          error: { code: 'MODEL_UNAVAILABLE', message: 'weights.bin: sha256 does not match the manifest' },
        }),
      }),
    });
    const result = await hook()(EVENT);
    expect(result).toMatchObject({
      status: 'Failed',
      health: 'unavailable',
      failures: ['health is not ok: HTTP 503 MODEL_UNAVAILABLE: weights.bin: sha256 does not match the manifest'],
    });
    expect(reports()[0]?.status).toBe('Failed');
  });

  it('fails a model with another name than the deployed one, unless the stage allows a rename', async () => {
    lambda
      .on(InvokeCommand, { FunctionName: HOOK_ENV.CLASSIFY_ALIAS_ARN })
      .resolves(answerNamingModel('clinc150-intents'));
    const refused = await hook()(EVENT);
    expect(refused.status).toBe('Failed');
    expect((refused as { failures: string[] }).failures).toEqual([
      `the new model is "${manifest.name}", the deployed one "clinc150-intents": another model needs ALLOW_MODEL_RENAME (stage param allowModelRename)`,
    ]);
    const allowed = await hook({ env: { ALLOW_MODEL_RENAME: 'true' } })(EVENT);
    expect(allowed.status).toBe('Succeeded');
    expect(reports().map((r) => r.status)).toEqual(['Failed', 'Succeeded']);
  });

  it('fails when a new version crashes instead of answering', async () => {
    lambda.on(InvokeCommand, { FunctionName: HOOK_ENV.CLASSIFY_BATCH_VERSION_ARN }).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: lambdaPayload({ errorType: 'Runtime.ImportModuleError', errorMessage: 'Cannot find module' }),
    });
    const result = await hook()(EVENT);
    expect(result.status).toBe('Failed');
    expect((result as { failures: string[] }).failures).toEqual([
      expect.stringContaining(`classifyBatch: ${HOOK_ENV.CLASSIFY_BATCH_VERSION_ARN} failed (Unhandled)`),
    ]);
  });

  it('reports Failed when it cannot check at all (a bad setting), never Succeeded', async () => {
    const result = await hook({ env: { CLASSIFY_VERSION_ARN: 'classify' } })(EVENT);
    expect(result).toMatchObject({
      status: 'Failed',
      failures: [expect.stringContaining('CLASSIFY_VERSION_ARN must be a qualified Lambda function ARN')],
    });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(reports()[0]?.status).toBe('Failed');
  });

  it.each([
    ['no event', undefined, 'DeploymentId'],
    ['an API Gateway event', { httpMethod: 'GET', path: '/health' }, 'DeploymentId'],
    ['an event without the hook execution id', { DeploymentId: 'd-8Y1NV7GJQ' }, 'LifecycleEventHookExecutionId'],
  ])('answers %s with a JSON error, invoking and reporting nothing', async (_name, event, field) => {
    expect(await hook()(event)).toEqual({
      status: 'NotReported',
      error: { code: 'BAD_EVENT', message: `not a CodeDeploy lifecycle event: ${field} must be a non-empty string` },
    });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(reports()).toEqual([]);
  });

  it('throws when the report itself fails, so Lambda retries the hook', async () => {
    codeDeploy
      .on(PutLifecycleEventHookExecutionStatusCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(hook()(EVENT)).rejects.toThrow('Rate exceeded');
  });
});
