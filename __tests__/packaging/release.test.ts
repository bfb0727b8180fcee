/**
 * What `serverless package` puts into each stage for releasing a model safely (params.trafficShifting;
 * docs/releasing.md): on staging and prod the Live aliases API Gateway calls, their CodeDeploy deployment groups,
 * the smoke-test hook, the rollback alarms, the SNS topic and the dashboard; on dev none of it.
 */
import { join } from 'node:path';
import type { ServiceSandbox } from '../../scripts/support/service-sandbox';
import { stageParams } from '../../scripts/support/stage-params';
import { METRIC } from '../../lib/observability/metrics';
import { packageStage } from '../support/package-stage';
import {
  actionsOf,
  type CfResource,
  type CfTemplate,
  iamStatements,
  readTemplate,
  resourcesOfType,
  roleStatements,
} from '../support/cloudformation';
import { readZip, type ZipContents } from '../support/zip';

jest.setTimeout(180_000);

const stages = ['dev', 'staging', 'prod'] as const;
type Stage = (typeof stages)[number];
const ROUTES = { Classify: 'classify', ClassifyBatch: 'classifyBatch' } as const;
const RELEASE_TYPES = [
  'AWS::Lambda::Alias',
  'AWS::CodeDeploy::Application',
  'AWS::CodeDeploy::DeploymentGroup',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::SNS::Topic',
];

const sandboxes: ServiceSandbox[] = [];
const templates = {} as Record<Stage, CfTemplate>;
const hookZips = {} as Record<Stage, ZipContents | undefined>;

beforeAll(async () => {
  await Promise.all(
    stages.map(async (stage) => {
      const out = await packageStage(stage, sandboxes);
      templates[stage] = readTemplate(out);
      hookZips[stage] = stage === 'dev' ? undefined : await readZip(join(out, 'smokeTest.zip'));
    }),
  );
});

afterAll(() => {
  for (const sandbox of sandboxes) sandbox.remove();
});

const ref = (id: string) => ({ Ref: id });
const resource = (template: CfTemplate, id: string): CfResource => {
  const found = template.Resources[id];
  if (!found) throw new Error(`${id} is not in the template`);
  return found;
};
const versionOf = (template: CfTemplate, functionId: string) =>
  resourcesOfType(template, 'AWS::Lambda::Version').find(([, v]) => v.Properties?.FunctionName?.Ref === functionId)![0];

test('traffic shifting is on for staging and prod, off for dev; prod sends a new version 10% of requests first', () => {
  expect(stages.map((stage) => stageParams(stage).trafficShifting)).toEqual([false, true, true]);
  // The 5xx alarm below is set under this share, so a version failing every request trips it within the canary.
  expect(stageParams('prod').deploymentType).toMatch(/^Canary10Percent\d+Minutes$/);
});

test('dev: no alias, deployment group, hook, alarm, topic or dashboard; API Gateway calls the functions', () => {
  const template = templates.dev;
  expect(Object.values(template.Resources).filter((r) => RELEASE_TYPES.includes(r.Type))).toEqual([]);
  expect(template.Resources).not.toHaveProperty('SmokeTestLambdaFunction');
  for (const [, method] of resourcesOfType(template, 'AWS::ApiGateway::Method'))
    expect(JSON.stringify(method.Properties?.Integration?.Uri ?? '')).not.toContain('Alias');
});

describe.each(['staging', 'prod'] as const)('%s', (stage) => {
  const template = () => templates[stage];

  test.each(Object.entries(ROUTES))(
    '%s: API Gateway calls its Live alias, whose updates CodeDeploy shifts after the smoke test',
    (id) => {
      const aliasId = `${id}LambdaFunctionAliasLive`;
      const alias = resource(template(), aliasId);
      expect(alias.Properties).toEqual({
        FunctionName: ref(`${id}LambdaFunction`),
        Name: 'Live',
        FunctionVersion: { 'Fn::GetAtt': [versionOf(template(), `${id}LambdaFunction`), 'Version'] },
      });
      expect((alias as { UpdatePolicy?: unknown }).UpdatePolicy).toEqual({
        CodeDeployLambdaAliasUpdate: {
          ApplicationName: ref(resourcesOfType(template(), 'AWS::CodeDeploy::Application')[0]![0]),
          DeploymentGroupName: ref(`${id}LambdaFunctionDeploymentGroup`),
          BeforeAllowTrafficHook: ref('SmokeTestLambdaFunction'),
        },
      });
      const post = resourcesOfType(template(), 'AWS::ApiGateway::Method').filter(([, m]) =>
        JSON.stringify(m.Properties?.Integration?.Uri ?? '').includes(`"${aliasId}"`),
      );
      expect(post.map(([, m]) => m.Properties?.HttpMethod)).toEqual(['POST']);
      expect(resource(template(), `${id}LambdaPermissionApiGateway`).Properties?.FunctionName).toEqual(ref(aliasId));
    },
  );

  test.each(Object.entries(ROUTES))(
    '%s: its deployment group shifts as the stage says and rolls back on failure or any of its alarms',
    (id, route) => {
      const group = resource(template(), `${id}LambdaFunctionDeploymentGroup`).Properties!;
      expect(group.DeploymentConfigName).toEqual({
        'Fn::Sub': ['CodeDeployDefault.Lambda${ConfigName}', { ConfigName: stageParams(stage).deploymentType }],
      });
      expect(group.AutoRollbackConfiguration).toEqual({
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
      });
      expect(group.ServiceRoleArn).toEqual({ 'Fn::GetAtt': ['ReleaseCodeDeployRole', 'Arn'] });
      const alarms = (group.AlarmConfiguration.Alarms as Array<{ Name: { Ref: string } }>).map((a) => a.Name.Ref);
      expect(group.AlarmConfiguration.Enabled).toBe(true);
      expect(alarms.sort()).toEqual(
        [
          'ApiFiveXxShareAlarm',
          `${id}AbstentionAnomalyAlarm`,
          `${id}AbstentionCeilingAlarm`,
          `${id}ErrorsAlarm`,
          `${id}P99DurationAlarm`,
        ].sort(),
      );
      for (const alarm of alarms)
        expect({ alarm, type: resource(template(), alarm).Type }).toEqual({ alarm, type: 'AWS::CloudWatch::Alarm' });
      // The route's own alarms watch its alias (Lambda) or its route dimension (the service's metrics).
      const watched = JSON.stringify(
        alarms.filter((a) => a !== 'ApiFiveXxShareAlarm').map((a) => resource(template(), a).Properties),
      );
      expect(watched).toContain(`{"Fn::Sub":"\${${id}LambdaFunction}:Live"}`);
      expect(watched).toContain(`{"Name":"route","Value":"${route}"}`);
    },
  );

  test('the alarms: 5xx share under the canary share, function errors, p99 duration, abstention against its band and a ceiling; all tell the topic', () => {
    const alarm = (id: string) => resource(template(), id).Properties!;
    const fiveXx = alarm('ApiFiveXxShareAlarm');
    expect(fiveXx.Metrics.find((m: { ReturnData: boolean }) => m.ReturnData).Expression).toBe(
      `IF(requests >= ${stageParams(stage).alarmMinRequests}, failed / requests, 0)`,
    );
    // A canary that fails every request it gets makes a 5xx share of about its traffic share (10%): it must trip.
    expect(fiveXx.Threshold).toBeLessThan(0.1);
    expect(alarm('ClassifyErrorsAlarm')).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Threshold: 1 });
    expect(alarm('ClassifyP99DurationAlarm')).toMatchObject({
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Threshold: stageParams(stage).alarmP99DurationMs,
    });
    const anomaly = alarm('ClassifyAbstentionAnomalyAlarm');
    expect(anomaly).toMatchObject({ ThresholdMetricId: 'band', ComparisonOperator: 'GreaterThanUpperThreshold' });
    expect(anomaly.Metrics[0].MetricStat.Metric).toMatchObject({
      Namespace: 'AtlasClassifier',
      MetricName: METRIC.abstentionRate,
    });
    expect(anomaly.Metrics[1].Expression).toBe(
      `ANOMALY_DETECTION_BAND(rate, ${stageParams(stage).alarmAbstentionBandWidth})`,
    );
    expect(alarm('ClassifyAbstentionCeilingAlarm')).toMatchObject({
      Threshold: stageParams(stage).alarmAbstentionRateCeiling,
    });
    const alarms = resourcesOfType(template(), 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(9);
    for (const [, a] of alarms)
      expect(a.Properties).toMatchObject({
        AlarmActions: [ref('ReleaseAlarmTopic')],
        TreatMissingData: 'notBreaching',
      });
    expect(resource(template(), 'ReleaseAlarmTopic').Properties?.Subscription).toEqual(
      stageParams(stage).alarmSubscriptions,
    );
  });

  test('the dashboard shows requests, latency, cold starts, errors by code, abstention, label distribution and mean confidence', () => {
    const body = resource(template(), 'ReleaseDashboard').Properties?.DashboardBody as {
      'Fn::Sub': [string, Record<string, unknown>];
    };
    const [text, arns] = body['Fn::Sub'];
    const widgets = (JSON.parse(text) as { widgets: Array<{ properties: { title: string; metrics?: unknown } }> })
      .widgets;
    const byTitle = (start: string) =>
      JSON.stringify(widgets.find((w) => w.properties.title.startsWith(start))?.properties ?? null);
    expect(byTitle('Requests')).toContain(`"${METRIC.requests}"`);
    expect(byTitle('Latency')).toMatch(/"p50".*"p99"/);
    expect(byTitle('Cold starts')).toContain('MetricName=\\"ColdStart\\"');
    expect(byTitle('Errors by code')).toContain(
      `{AtlasClassifier,errorCode,route,service} MetricName=\\"${METRIC.errors}\\"`,
    );
    expect(byTitle('Abstention rate')).toContain(`"${METRIC.abstentionRate}"`);
    for (const route of Object.values(ROUTES))
      expect(byTitle(`Predicted labels, ${route}`)).toContain(
        `{AtlasClassifier,label,route,service} MetricName=\\"${METRIC.labelPredictions}\\" route=\\"${route}\\"`,
      );
    expect(byTitle('Mean confidence')).toMatch(new RegExp(`"${METRIC.confidenceSum}".*"${METRIC.predictions}"`));
    // The alarm widget names every alarm, by the ARN Fn::Sub fills in.
    expect(Object.keys(arns).sort()).toEqual(
      resourcesOfType(template(), 'AWS::CloudWatch::Alarm')
        .map(([id]) => `${id}Arn`)
        .sort(),
    );
  });

  test('the hook tests exactly the new versions of classify, classifyBatch and health, and ships only its code and the manifest', () => {
    const hook = resource(template(), 'SmokeTestLambdaFunction').Properties!;
    expect(hook.Environment.Variables).toMatchObject({
      CLASSIFY_VERSION_ARN: ref(versionOf(template(), 'ClassifyLambdaFunction')),
      CLASSIFY_BATCH_VERSION_ARN: ref(versionOf(template(), 'ClassifyBatchLambdaFunction')),
      HEALTH_VERSION_ARN: ref(versionOf(template(), 'HealthLambdaFunction')),
      CLASSIFY_ALIAS_ARN: { 'Fn::Sub': '${ClassifyLambdaFunction.Arn}:Live' },
      SMOKE_MIN_AGREEMENT: stageParams(stage).smokeMinAgreement,
      ALLOW_MODEL_RENAME: String(stageParams(stage).allowModelRename),
    });
    expect(hook.Role).toEqual({ 'Fn::GetAtt': ['SmokeTestRole', 'Arn'] });
    expect(hookZips[stage]!.files).toEqual(['handlers/smoke-test.js', 'model/manifest.json']);
    // The SDK comes from the Lambda runtime: the bundle requires it, it does not carry it.
    expect(hookZips[stage]!.text('handlers/smoke-test.js')).toMatch(/require\("@aws-sdk\/client-lambda"\)/);
  });

  test('IAM: no wildcard action or resource; each role may do only its own job', () => {
    const role = (id: string) => roleStatements(template(), id);
    for (const statement of iamStatements(template())) {
      expect(statement).not.toHaveProperty('NotAction');
      expect(statement).not.toHaveProperty('NotResource');
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
      expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
    }
    // In the roles of releasing and the role the functions share, the only `*` is for log streams of a log group
    // (their names are the runtime's).
    for (const statement of ['SmokeTestRole', 'ReleaseCodeDeployRole', 'IamRoleLambdaExecution'].flatMap(role)) {
      if (!actionsOf(statement).every((a) => a.startsWith('logs:')))
        expect(JSON.stringify(statement.Resource)).not.toContain('*');
    }
    const grants = (id: string) =>
      Object.fromEntries(role(id).flatMap((s) => actionsOf(s).map((a) => [a, s.Resource])));
    // The hook: its log streams, the versions under test and the alias, and reporting to the two deployment groups.
    const hook = grants('SmokeTestRole');
    expect(Object.keys(hook).sort()).toEqual([
      'codedeploy:PutLifecycleEventHookExecutionStatus',
      'lambda:InvokeFunction',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(hook['lambda:InvokeFunction']).toEqual([
      { 'Fn::Sub': '${ClassifyLambdaFunction.Arn}:Live' },
      ...['ClassifyLambdaFunction', 'ClassifyBatchLambdaFunction', 'HealthLambdaFunction'].map((id) =>
        ref(versionOf(template(), id)),
      ),
    ]);
    expect(JSON.stringify(hook['codedeploy:PutLifecycleEventHookExecutionStatus'])).toMatch(
      /deploymentgroup:.*ClassifyLambdaFunctionDeploymentGroup.*deploymentgroup:.*ClassifyBatchLambdaFunctionDeploymentGroup"/,
    );
    expect(JSON.stringify(hook['logs:PutLogEvents'])).toContain(
      `log-group:/aws/lambda/atlas-classifier-${stage}-smokeTest:log-stream:*`,
    );
    // CodeDeploy: move the two aliases, invoke the hook, read the alarms.
    const codeDeploy = grants('ReleaseCodeDeployRole');
    expect(Object.keys(codeDeploy).sort()).toEqual([
      'cloudwatch:DescribeAlarms',
      'lambda:GetAlias',
      'lambda:GetProvisionedConcurrencyConfig',
      'lambda:InvokeFunction',
      'lambda:UpdateAlias',
    ]);
    expect(JSON.stringify(codeDeploy['lambda:UpdateAlias'])).not.toMatch(/Health|Docs|SmokeTest/);
    expect(codeDeploy['lambda:InvokeFunction']).toEqual([{ 'Fn::GetAtt': ['SmokeTestLambdaFunction', 'Arn'] }]);
    expect(resource(template(), 'ReleaseCodeDeployRole').Properties).not.toHaveProperty('ManagedPolicyArns');
    // The role the service's functions share keeps only its logs: reporting to CodeDeploy moved to the hook's role.
    expect(
      role('IamRoleLambdaExecution')
        .flatMap(actionsOf)
        .every((a) => a.startsWith('logs:')),
    ).toBe(true);
  });
});
