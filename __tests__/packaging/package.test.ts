/**
 * `serverless package --stage <stage>` for every stage, then assertions on what would be deployed: the
 * CloudFormation template and the function zips. Needs no AWS credentials and no network.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import aslValidator from 'asl-validator';
import {
  actionsOf,
  apiPath,
  type CfTemplate,
  readTemplate,
  resourcesOfType,
  roleStatements,
  stateMachineDefinition,
} from '../support/cloudformation';
import type { ServiceSandbox } from '../../scripts/support/service-sandbox';
import { packageStage } from '../support/package-stage';
import { stageParams } from '../../scripts/support/stage-params';
import { readZip, type ZipContents } from '../support/zip';
import { sha256Hex } from '../../lib/model/bundle/integrity';
import { DERIVED_DIR, LAYERS_RUNTIME_FILE } from '../../lib/model/bundle/derived-files';
import { API_ROUTES, DOCS_ROUTES } from '../../lib/openapi/routes';

jest.setTimeout(180_000);

type Stage = 'dev' | 'staging' | 'prod';

interface UsagePlan {
  rateLimit: number;
  burstLimit: number;
  quotaLimit: number;
  quotaPeriod: string;
}

/** The per-stage configuration serverless.yml promises (its `params`). */
const expected: Record<
  Stage,
  {
    memorySize: number;
    logLevel: string;
    logRetentionDays: number;
    apiKeyRequired: boolean;
    usagePlan?: UsagePlan;
    /** Whether the stage has the bulk-scoring state machine, its buckets and the scoreBatch worker. */
    bulkScoring: boolean;
  }
> = {
  dev: { memorySize: 512, logLevel: 'DEBUG', logRetentionDays: 7, apiKeyRequired: false, bulkScoring: false },
  staging: {
    memorySize: 1024,
    logLevel: 'INFO',
    logRetentionDays: 14,
    apiKeyRequired: true,
    bulkScoring: true,
    usagePlan: { rateLimit: 10, burstLimit: 20, quotaLimit: 100_000, quotaPeriod: 'MONTH' },
  },
  prod: {
    memorySize: 1024,
    logLevel: 'INFO',
    logRetentionDays: 90,
    apiKeyRequired: true,
    bulkScoring: true,
    usagePlan: { rateLimit: 100, burstLimit: 200, quotaLimit: 5_000_000, quotaPeriod: 'MONTH' },
  },
};

const stages = Object.keys(expected) as Stage[];

/** Each API function's AWS::Lambda::Function logical id, its zip, the bundle inside it, and the route it serves. */
const apiFunctions = {
  ClassifyLambdaFunction: { zip: 'classify.zip', bundle: 'handlers/classify.js', routes: ['POST /classify'] },
  ClassifyBatchLambdaFunction: {
    zip: 'classifyBatch.zip',
    bundle: 'handlers/classify-batch.js',
    routes: ['POST /classify/batch'],
  },
  HealthLambdaFunction: { zip: 'health.zip', bundle: 'handlers/health.js', routes: ['GET /health'] },
} as const;

/** The docs function (playground and OpenAPI document): on by default on every stage, no model in its zip. */
const docsFunction = {
  DocsLambdaFunction: { zip: 'docs.zip', bundle: 'handlers/docs.js', routes: ['GET /', 'GET /openapi.json'] },
} as const;

/** The bulk-scoring worker: invoked by the state machine only, with the classify functions' model files. */
const bulkFunction = {
  ScoreBatchLambdaFunction: { zip: 'scoreBatch.zip', bundle: 'handlers/score-batch.js', routes: [] as string[] },
} as const;

const functions = { ...apiFunctions, ...docsFunction };

/** The functions a stage deploys: the bulk-scoring worker only where its `bulkScoring` param is on. */
const functionsOf = (stage: Stage) => (expected[stage].bulkScoring ? { ...functions, ...bulkFunction } : functions);

/** The smoke-test hook of traffic shifting (params.trafficShifting; its own tests are in release.test.ts). */
const SMOKE_TEST = 'SmokeTestLambdaFunction';
const shiftsTraffic = (stage: Stage) => stageParams(stage).trafficShifting === true;

/** Strings that only tfjs-core puts into a bundle (an error message and an environment flag name). */
const tfjsMarkers = ['not found in registry', 'IS_BROWSER'];

const megabyte = 1024 * 1024;

/** Every API Gateway method of a template but OPTIONS, as `METHOD /path -> FunctionLogicalId`. */
function routesOf(template: CfTemplate): string[] {
  return resourcesOfType(template, 'AWS::ApiGateway::Method')
    .filter(([, method]) => method.Properties?.HttpMethod !== 'OPTIONS')
    .map(([, method]) => {
      const uri = JSON.stringify(method.Properties?.Integration?.Uri);
      // With traffic shifting the method calls the function's alias (`<id>AliasLive`).
      const target = Object.keys(functions).find((id) => uri.includes(`"${id}"`) || uri.includes(`"${id}Alias`));
      return `${method.Properties?.HttpMethod} ${apiPath(template, method.Properties?.ResourceId) || '/'} -> ${target}`;
    });
}

interface Packaged {
  template: CfTemplate;
  zips: Record<string, ZipContents>;
}

const sandboxes: ServiceSandbox[] = [];
const packaged = {} as Record<Stage, Packaged>;
/** prod with the docs function turned off (`--param docs=false`, as a stage's `docs: false` param would). */
let prodWithoutDocs: CfTemplate;

beforeAll(async () => {
  // One package run per stage, reused by every test below. Each stage gets its own sandbox, so the runs
  // can overlap without sharing serverless-esbuild's work folder.
  await Promise.all(
    stages.map(async (stage) => {
      const out = await packageStage(stage, sandboxes);
      const template = readTemplate(out);
      const zips: Record<string, ZipContents> = {};
      for (const { zip } of Object.values(functionsOf(stage))) zips[zip] = await readZip(join(out, zip));
      packaged[stage] = { template, zips };
    }),
  );
  prodWithoutDocs = readTemplate(await packageStage('prod', sandboxes, ['--param', 'docs=false'], 'prod-without-docs'));
});

describe('the docs param', () => {
  test('is a boolean on every stage that sets it, and on by default', () => {
    for (const stage of stages) expect({ stage, docs: stageParams(stage).docs }).toEqual({ stage, docs: true });
  });

  test('docs=false leaves the docs function and its routes out, and the three API functions exactly as they were', () => {
    const lambdas = (template: CfTemplate) =>
      Object.fromEntries(
        resourcesOfType(template, 'AWS::Lambda::Function').map(([id, lambda]) => {
          // The artifact path holds a timestamp; everything else must be identical.
          const { Code: _code, ...properties } = lambda.Properties ?? {};
          return [id, properties];
        }),
      );
    expect(Object.keys(lambdas(prodWithoutDocs)).sort()).toEqual(
      [
        ...Object.keys(apiFunctions),
        ...Object.keys(bulkFunction),
        ...(shiftsTraffic('prod') ? [SMOKE_TEST] : []),
      ].sort(),
    );
    const { DocsLambdaFunction: _docs, ...apiWithDocs } = lambdas(packaged.prod.template);
    expect(lambdas(prodWithoutDocs)).toEqual(apiWithDocs);
    expect(routesOf(prodWithoutDocs).sort()).toEqual(
      Object.entries(apiFunctions)
        .flatMap(([id, { routes }]) => routes.map((route) => `${route} -> ${id}`))
        .sort(),
    );
  });
});

afterAll(() => {
  for (const sandbox of sandboxes) sandbox.remove();
});

describe.each(stages)('serverless package --stage %s', (stage) => {
  const config = expected[stage];
  const template = () => packaged[stage].template;

  test(`declares exactly the three API functions, the docs function${config.bulkScoring ? ' and the bulk-scoring worker' : ''}${shiftsTraffic(stage) ? ' (and the smoke-test hook)' : ''}, on nodejs22.x arm64 with a memory size and a timeout`, () => {
    const lambdas = resourcesOfType(template(), 'AWS::Lambda::Function');
    expect(lambdas.map(([id]) => id).sort()).toEqual(
      [...Object.keys(functionsOf(stage)), ...(shiftsTraffic(stage) ? [SMOKE_TEST] : [])].sort(),
    );
    for (const [id, lambda] of lambdas.filter(([id]) => id !== SMOKE_TEST)) {
      expect({ id, runtime: lambda.Properties?.Runtime }).toEqual({ id, runtime: 'nodejs22.x' });
      expect(lambda.Properties?.Architectures).toEqual(['arm64']);
      // The page and the document need little memory; the API functions get the stage's.
      expect({ id, memory: lambda.Properties?.MemorySize }).toEqual({
        id,
        memory: id in docsFunction ? 256 : config.memorySize,
      });
      // The worker scores a few hundred rows a call, and has a cold start's margin.
      expect({ id, timeout: lambda.Properties?.Timeout }).toEqual({ id, timeout: id in bulkFunction ? 60 : 10 });
      expect(lambda.Properties?.FunctionName).toMatch(new RegExp(`^atlas-classifier-${stage}-`));
    }
  });

  test('passes the stage configuration to the code as environment variables', () => {
    for (const [, lambda] of resourcesOfType(template(), 'AWS::Lambda::Function')) {
      const variables = lambda.Properties?.Environment?.Variables as Record<string, string>;
      expect(variables).toMatchObject({
        LOG_LEVEL: config.logLevel,
        MAX_TEXT_CHARS: '2000',
        MAX_BATCH_ITEMS: '128',
        MAX_BODY_BYTES: '1048576',
        DEFAULT_TOP_K: '3',
        POWERTOOLS_SERVICE_NAME: 'atlas-classifier',
        POWERTOOLS_METRICS_NAMESPACE: 'AtlasClassifier',
        // Blank: the bundle's calibrated threshold applies (a stage sets abstainThreshold to override it).
        ABSTAIN_THRESHOLD: '',
      });
      expect(typeof variables.CORS_ORIGINS).toBe('string');
      // The code finds model/ next to itself; a path baked into the template would break in the zip.
      expect(variables).not.toHaveProperty('MODEL_DIR');
    }
    // Only the docs function is told whether the stage needs a key (it documents it; API Gateway enforces it).
    const keySetting = resourcesOfType(template(), 'AWS::Lambda::Function').map(
      ([id, lambda]) => [id, lambda.Properties?.Environment?.Variables?.API_KEY_REQUIRED] as const,
    );
    expect(Object.fromEntries(keySetting)).toEqual({
      ClassifyLambdaFunction: undefined,
      ClassifyBatchLambdaFunction: undefined,
      HealthLambdaFunction: undefined,
      DocsLambdaFunction: String(config.apiKeyRequired),
      ...(config.bulkScoring ? { ScoreBatchLambdaFunction: undefined } : {}),
      ...(shiftsTraffic(stage) ? { [SMOKE_TEST]: undefined } : {}),
    });
  });

  test('routes each method to the right function, as the OpenAPI route table says', () => {
    expect(routesOf(template()).sort()).toEqual(
      Object.entries(functions)
        .flatMap(([id, { routes }]) => routes.map((route) => `${route} -> ${id}`))
        .sort(),
    );
    // The document's route table names the same routes (lib/openapi/routes.ts).
    expect(
      routesOf(template())
        .map((route) => route.split(' -> ')[0])
        .sort(),
    ).toEqual([...API_ROUTES, ...DOCS_ROUTES].map((route) => `${route.method.toUpperCase()} ${route.path}`).sort());
  });

  test(`${config.apiKeyRequired ? 'requires' : 'does not require'} an API key on the API routes; the docs routes are public`, () => {
    const methods = resourcesOfType(template(), 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties?.HttpMethod !== 'OPTIONS',
    );
    expect(methods).toHaveLength(5);
    for (const [, method] of methods) {
      const uri = JSON.stringify(method.Properties?.Integration?.Uri);
      const isDocs = uri.includes('"DocsLambdaFunction"');
      expect(method.Properties?.ApiKeyRequired).toBe(isDocs ? false : config.apiKeyRequired);
    }
  });

  test(
    config.usagePlan
      ? 'has a usage plan with throttle and quota, bound to an API key'
      : 'has no usage plan and no API key',
    () => {
      const plans = resourcesOfType(template(), 'AWS::ApiGateway::UsagePlan');
      const keys = resourcesOfType(template(), 'AWS::ApiGateway::ApiKey');
      if (!config.usagePlan) {
        expect(plans).toEqual([]);
        expect(keys).toEqual([]);
        return;
      }
      expect(plans).toHaveLength(1);
      const [planId, plan] = plans[0]!;
      expect(plan.Properties?.Throttle).toEqual({
        RateLimit: config.usagePlan.rateLimit,
        BurstLimit: config.usagePlan.burstLimit,
      });
      expect(plan.Properties?.Quota).toEqual({
        Limit: config.usagePlan.quotaLimit,
        Period: config.usagePlan.quotaPeriod,
      });
      expect(plan.Properties?.ApiStages).toEqual([{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: stage }]);

      expect(keys).toHaveLength(1);
      const [keyId, key] = keys[0]!;
      expect(key.Properties?.Name).toBe(`atlas-classifier-${stage}-client`);
      const bindings = resourcesOfType(template(), 'AWS::ApiGateway::UsagePlanKey').map(
        ([, binding]) => binding.Properties,
      );
      expect(bindings).toEqual([{ KeyId: { Ref: keyId }, KeyType: 'API_KEY', UsagePlanId: { Ref: planId } }]);
    },
  );

  test(`keeps logs for ${config.logRetentionDays} days`, () => {
    const logGroups = resourcesOfType(template(), 'AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(Object.keys(functionsOf(stage)).length + (shiftsTraffic(stage) ? 1 : 0));
    for (const [, logGroup] of logGroups) expect(logGroup.Properties?.RetentionInDays).toBe(config.logRetentionDays);
  });

  test("has provisioned concurrency off: no provisioned alias (only traffic shifting's, where it is on)", () => {
    const aliases = resourcesOfType(template(), 'AWS::Lambda::Alias').map(([id]) => id);
    expect(aliases.sort()).toEqual(
      shiftsTraffic(stage) ? ['ClassifyBatchLambdaFunctionAliasLive', 'ClassifyLambdaFunctionAliasLive'] : [],
    );
    for (const [, method] of resourcesOfType(template(), 'AWS::ApiGateway::Method')) {
      expect(JSON.stringify(method.Properties?.Integration?.Uri ?? '')).not.toContain('provisioned');
    }
  });

  test('grants the functions nothing but writing their own logs', () => {
    // The functions' one role; the bulk-scoring state machine's own role is checked below, the smoke-test hook's in
    // release.test.ts.
    for (const id of Object.keys(functions))
      expect(template().Resources[id]?.Properties?.Role).toEqual({ 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] });
    const statements = roleStatements(template(), 'IamRoleLambdaExecution');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement).not.toHaveProperty('NotAction');
      expect(statement).not.toHaveProperty('NotResource');
      for (const action of actionsOf(statement)) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/^[\w-]+:\*$/);
        expect(action).toMatch(/^logs:/);
      }
      // Every resource is one of this stage's own log groups.
      expect(JSON.stringify(statement.Resource)).toContain(`log-group:/aws/lambda/atlas-classifier-${stage}`);
    }
  });

  test("answers API Gateway's own errors (missing key, throttling) with the JSON error envelope", () => {
    const responses = resourcesOfType(template(), 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    expect(responses.map((r) => r?.ResponseType).sort()).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    for (const response of responses) {
      const body = String(response?.ResponseTemplates?.['application/json']);
      expect(body).toContain('"error":{"code":');
      expect(body).toContain('"requestId":');
    }
  });

  test('uploads one zip per function, each at most 2 MB, with only the bundled code and the model files it reads', () => {
    const manifestBytes = readFileSync(join(__dirname, '..', '..', 'model', 'manifest.json'));
    const model = JSON.parse(manifestBytes.toString('utf8')) as {
      files: Array<{ path: string; sha256: string }>;
      preprocessing: { vocabularyFile: string };
    };
    const modelFiles = ['manifest.json', ...model.files.map((file) => file.path)].map((path) => `model/${path}`);
    const vocabulary = model.files.find((file) => file.path === model.preprocessing.vocabularyFile)!;
    const tableFile = `model-cache/${vocabulary.sha256}.ngtable`;
    const proofFile = `model-cache/${sha256Hex(manifestBytes)}.verified`;
    // classify reads the bundle and the vocabulary's derived table file (named by the vocabulary's sha256); /health
    // only verifies the bundle; both take packaging's proof (named by the manifest's sha256) for its hashes; the docs
    // function reads none of it. The default model needs no layers runtime, so no zip carries tfjs.
    const expected: Record<string, string[]> = {
      'handlers/classify.js': [...modelFiles, tableFile, proofFile],
      'handlers/classify-batch.js': [...modelFiles, tableFile, proofFile],
      'handlers/score-batch.js': [...modelFiles, tableFile, proofFile],
      'handlers/health.js': [...modelFiles, proofFile],
      'handlers/docs.js': [],
    };
    for (const [id, { zip, bundle }] of Object.entries(functionsOf(stage))) {
      const lambda = template().Resources[id];
      expect(basename(String(lambda?.Properties?.Code?.S3Key))).toBe(zip);
      expect(lambda?.Properties?.Handler).toBe(bundle.replace(/\.js$/, '.handler'));

      const contents = packaged[stage].zips[zip]!;
      // The budget for the default model's zips (the bench reports the same figure).
      expect([zip, contents.zippedBytes <= 2 * megabyte]).toEqual([zip, true]);
      // Exactly the one bundle plus its files: no node_modules, sources, tests, scripts, source maps, docs, or
      // leftovers in model/ or model-cache/.
      expect(contents.files).toEqual([bundle, ...expected[bundle]!].sort());
    }
  });

  test('ships tfjs in no bundle: the default model needs no layers runtime', () => {
    // Which bundles contain which marker; compared as a table so a failure does not print a whole bundle.
    const markersIn = ({ zip, bundle }: { zip: string; bundle: string }) => {
      const code = packaged[stage].zips[zip]!.text(bundle);
      return tfjsMarkers.filter((marker) => code.includes(marker));
    };
    expect({
      classify: markersIn(functions.ClassifyLambdaFunction),
      classifyBatch: markersIn(functions.ClassifyBatchLambdaFunction),
      health: markersIn(functions.HealthLambdaFunction),
      docs: markersIn(functions.DocsLambdaFunction),
      ...(config.bulkScoring ? { scoreBatch: markersIn(bulkFunction.ScoreBatchLambdaFunction) } : {}),
    }).toEqual({
      classify: [],
      classifyBatch: [],
      health: [],
      docs: [],
      ...(config.bulkScoring ? { scoreBatch: [] } : {}),
    });
    // The classify bundles reach the layers runtime only through the file packaging adds beside a model needing it.
    const lookup = `${JSON.stringify(DERIVED_DIR)},${JSON.stringify(LAYERS_RUNTIME_FILE)}`;
    expect(packaged[stage].zips['classify.zip']!.text('handlers/classify.js').includes(lookup)).toBe(true);
  });
});

/** The bucket serverless uploads the zips to (on every stage, not ours to configure). */
const FRAMEWORK_BUCKET = 'ServerlessDeploymentBucket';

describe.each(stages)('bulk scoring, serverless package --stage %s', (stage) => {
  const template = () => packaged[stage].template;
  const on = expected[stage].bulkScoring;

  test(`the bulkScoring param is ${on} and the stack ${on ? 'has' : 'has none of'} the state machine, its role, its buckets and its worker`, () => {
    expect(stageParams(stage).bulkScoring).toBe(on);
    const bulk = ['AWS::StepFunctions::StateMachine', 'AWS::S3::Bucket']
      .flatMap((type) => resourcesOfType(template(), type).map(([id]) => id))
      .filter((id) => id !== FRAMEWORK_BUCKET);
    const ids = Object.keys(template().Resources);
    expect({
      bulk: bulk.sort(),
      role: ids.includes('ScoreFileRole'),
      worker: ids.includes('ScoreBatchLambdaFunction'),
    }).toEqual(
      on
        ? { bulk: ['BulkInputBucket', 'BulkOutputBucket', 'ScoreFileStateMachine'], role: true, worker: true }
        : { bulk: [], role: false, worker: false },
    );
  });

  if (!on) return;

  const definition = () => stateMachineDefinition(template().Resources.ScoreFileStateMachine!);
  const maps = () =>
    Object.entries(definition().States as Record<string, any>).filter(([, state]) => state.Type === 'Map');

  test('carries a state machine definition that asl-validator accepts', () => {
    const { isValid, errorsText } = aslValidator(definition());
    expect(isValid ? '' : errorsText('\n')).toBe('');
  });

  test('reads the CSV (header row) or JSON Lines file named by the execution input from the input bucket, in batches, with a Distributed Map', () => {
    const byName = Object.fromEntries(maps());
    expect(Object.keys(byName).sort()).toEqual(['ScoreCsv', 'ScoreJsonLines']);
    expect(byName.ScoreCsv.ItemReader.ReaderConfig).toEqual({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' });
    expect(byName.ScoreJsonLines.ItemReader.ReaderConfig).toEqual({ InputType: 'JSONL' });
    for (const [, map] of maps()) {
      expect(map.ItemReader.Resource).toBe('arn:aws:states:::s3:getObject');
      expect(map.ItemReader.Parameters).toEqual({ Bucket: '<ref:BulkInputBucket>', 'Key.$': '$.key' });
      // The worker's event: {"Items": [{"index", "values"}], "BatchInput": {"options": <execution input>}} (lib/bulk/batch-event.ts).
      expect(map.ItemSelector).toEqual({ 'index.$': '$$.Map.Item.Index', 'values.$': '$$.Map.Item.Value' });
      expect(map.ItemBatcher).toEqual({
        MaxItemsPerBatch: expect.any(Number),
        MaxInputBytesPerBatch: 262144,
        BatchInput: { 'options.$': '$' },
      });
      expect(map.ItemBatcher.MaxItemsPerBatch).toBeGreaterThanOrEqual(100);
      expect(map.ToleratedFailurePercentage).toBeGreaterThan(0);
      expect(map.ResultWriter).toEqual({
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: '<ref:BulkOutputBucket>', Prefix: 'results' },
      });
      expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    }
  });

  test('each batch goes to the scoreBatch worker, retried with backoff when Lambda throttles', () => {
    for (const [, map] of maps()) {
      const tasks = Object.values(map.ItemProcessor.States as Record<string, any>);
      expect(tasks).toHaveLength(1);
      const [task] = tasks;
      expect(task).toMatchObject({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        OutputPath: '$.Payload',
        End: true,
      });
      expect(task.Parameters).toEqual({ FunctionName: '<ref:ScoreBatchLambdaFunction>', 'Payload.$': '$' });
      const throttled = task.Retry.find((retry: any) => retry.ErrorEquals.includes('Lambda.TooManyRequestsException'));
      expect(throttled).toMatchObject({
        IntervalSeconds: expect.any(Number),
        MaxAttempts: expect.any(Number),
        BackoffRate: expect.any(Number),
      });
      expect(throttled.BackoffRate).toBeGreaterThan(1);
      expect(throttled.MaxAttempts).toBeGreaterThanOrEqual(3);
    }
  });

  test('keeps both buckets encrypted and closed to the public', () => {
    for (const [id, bucket] of resourcesOfType(template(), 'AWS::S3::Bucket').filter(
      ([id]) => id !== FRAMEWORK_BUCKET,
    )) {
      expect({
        id,
        encryption:
          bucket.Properties?.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault
            ?.SSEAlgorithm,
      }).toEqual({ id, encryption: 'AES256' });
      expect({ id, block: bucket.Properties?.PublicAccessBlockConfiguration }).toEqual({
        id,
        block: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      });
    }
  });

  test("gives the state machine exactly what it uses: no wildcard action, every resource this stack's buckets, worker or state machine", () => {
    const machine = template().Resources.ScoreFileStateMachine!;
    expect(machine.Properties?.RoleArn).toEqual({ 'Fn::GetAtt': ['ScoreFileRole', 'Arn'] });
    const statements = roleStatements(template(), 'ScoreFileRole');
    const granted = statements.map((statement) => {
      expect(statement.Effect).toBe('Allow');
      expect(statement).not.toHaveProperty('NotAction');
      expect(statement).not.toHaveProperty('NotResource');
      return [actionsOf(statement).sort(), JSON.stringify(statement.Resource)] as const;
    });
    const scopedTo = (actions: string[], ...mustContain: string[]) => {
      const match = granted.find(([granted]) => JSON.stringify(granted) === JSON.stringify([...actions].sort()));
      expect({ actions, found: Boolean(match) }).toEqual({ actions, found: true });
      for (const part of mustContain) expect(match![1]).toContain(part);
    };
    scopedTo(['lambda:InvokeFunction'], '"ScoreBatchLambdaFunction"');
    scopedTo(['s3:GetObject'], '"BulkInputBucket"', '/*');
    scopedTo(
      ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
      '"BulkOutputBucket"',
      '/results/*',
    );
    scopedTo(['states:StartExecution'], `:stateMachine:","atlas-classifier-${stage}-score-file"`);
    scopedTo(
      ['states:DescribeExecution', 'states:StopExecution'],
      `:execution:","atlas-classifier-${stage}-score-file","/*"`,
    );
    expect(granted).toHaveLength(5);
    for (const [actions, resource] of granted) {
      for (const action of actions) expect(action).not.toMatch(/\*/);
      expect(resource).not.toBe('"*"');
    }
    // Only Step Functions may assume it.
    expect(template().Resources.ScoreFileRole!.Properties?.AssumeRolePolicyDocument?.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });
});
