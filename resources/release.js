'use strict';
/**
 * CloudFormation for releasing a model safely on the stages with traffic shifting (params.trafficShifting; see
 * docs/releasing.md). serverless.yml includes it as `${file(resources/release.js)}`, and only there.
 *
 * - Alarms that stop a deployment and roll it back (serverless-plugin-canary-deployments lists them in each route's
 *   CodeDeploy deployment group) and tell people (an SNS topic, subscribers from params.alarmSubscriptions).
 * - A dashboard: requests, latency, cold starts, errors by code, abstention rate, predicted-label distribution and
 *   mean confidence.
 * - The roles of CodeDeploy and of the smoke-test hook, each allowed only what it does (the hook's permissions that
 *   depend on the new versions are added at packaging, scripts/serverless/release-wiring.js).
 *
 * Generated, not written out in YAML, because every traffic-shifted route gets the same alarms and widgets.
 */

/** The traffic-shifted functions: `name` in serverless.yml, the route dimension of their metrics, and their logical id. */
const ROUTES = [
  { name: 'classify', route: 'classify', id: 'Classify' },
  { name: 'classifyBatch', route: 'classifyBatch', id: 'ClassifyBatch' },
];

/** Every metric's period: short, so a bad canary trips an alarm well inside its window (10 minutes in prod). */
const PERIOD = 60;

const functionRef = (route) => ({ Ref: `${route.id}LambdaFunction` });
const aliasName = (route, alias) => ({ 'Fn::Sub': `\${${route.id}LambdaFunction}:${alias}` });

module.exports = async ({ resolveVariable }) => {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const region = await resolveVariable('self:provider.region');
  const alias = await resolveVariable('self:custom.release.alias');
  const namespace = await resolveVariable('self:provider.environment.POWERTOOLS_METRICS_NAMESPACE');
  const param = (name) => resolveVariable(`param:${name}`);
  const settings = {
    fiveXxShare: Number(await param('alarmFiveXxShare')),
    minRequests: Number(await param('alarmMinRequests')),
    p99Ms: Number(await param('alarmP99DurationMs')),
    abstentionBand: Number(await param('alarmAbstentionBandWidth')),
    abstentionCeiling: Number(await param('alarmAbstentionRateCeiling')),
  };
  for (const [name, value] of Object.entries(settings)) {
    if (!(value > 0))
      throw new Error(`resources/release.js: the alarm setting ${name} must be a positive number, got ${value}`);
  }
  const apiName = `${stage}-${service}`;
  const topic = { Ref: 'ReleaseAlarmTopic' };
  const alarm = (description, properties) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmDescription: description,
      AlarmActions: [topic],
      OKActions: [topic],
      // No requests is no evidence: a quiet canary must not roll back, nor a quiet night page anyone.
      TreatMissingData: 'notBreaching',
      ...properties,
    },
  });
  const emf = (metric, route, stat) => ({
    Metric: {
      Namespace: namespace,
      MetricName: metric,
      Dimensions: [
        { Name: 'service', Value: service },
        { Name: 'route', Value: route.route },
      ],
    },
    Period: PERIOD,
    Stat: stat,
  });
  const lambdaDimensions = (route) => [
    { Name: 'FunctionName', Value: functionRef(route) },
    { Name: 'Resource', Value: aliasName(route, alias) },
  ];

  const resources = {
    ReleaseAlarmTopic: {
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: `${service}-${stage}-alarms`, Subscription: (await param('alarmSubscriptions')) ?? [] },
    },
    // API Gateway's 5XXError over Count is the share of failed requests. The threshold must stay under the canary's
    // share of traffic, or a canary that fails every request would not trip it.
    ApiFiveXxShareAlarm: alarm(
      `${service} ${stage}: over ${settings.fiveXxShare * 100}% of API requests failed with 5xx`,
      {
        Metrics: [
          {
            Id: 'failed',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName: '5XXError',
                Dimensions: [{ Name: 'ApiName', Value: apiName }],
              },
              Period: PERIOD,
              Stat: 'Sum',
            },
          },
          {
            Id: 'requests',
            ReturnData: false,
            MetricStat: {
              Metric: {
                Namespace: 'AWS/ApiGateway',
                MetricName: 'Count',
                Dimensions: [{ Name: 'ApiName', Value: apiName }],
              },
              Period: PERIOD,
              Stat: 'Sum',
            },
          },
          {
            Id: 'share',
            Label: '5xx share',
            ReturnData: true,
            Expression: `IF(requests >= ${settings.minRequests}, failed / requests, 0)`,
          },
        ],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: settings.fiveXxShare,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 1,
      },
    ),
  };
  for (const route of ROUTES) {
    resources[`${route.id}ErrorsAlarm`] = alarm(
      `${service} ${stage} ${route.name}: the function failed (crash, timeout, out of memory)`,
      {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: lambdaDimensions(route),
        Statistic: 'Sum',
        Period: PERIOD,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      },
    );
    resources[`${route.id}P99DurationAlarm`] = alarm(
      `${service} ${stage} ${route.name}: p99 duration over ${settings.p99Ms} ms`,
      {
        Namespace: 'AWS/Lambda',
        MetricName: 'Duration',
        Dimensions: lambdaDimensions(route),
        ExtendedStatistic: 'p99',
        Period: PERIOD,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: settings.p99Ms,
      },
    );
    // Against its own recent level: CloudWatch's anomaly model of the route's abstention rate.
    resources[`${route.id}AbstentionAnomalyAlarm`] = alarm(
      `${service} ${stage} ${route.name}: abstention rate far above its usual band`,
      {
        Metrics: [
          { Id: 'rate', ReturnData: true, MetricStat: emf('AbstentionRate', route, 'Average') },
          {
            Id: 'band',
            Label: 'expected abstention rate',
            ReturnData: true,
            Expression: `ANOMALY_DETECTION_BAND(rate, ${settings.abstentionBand})`,
          },
        ],
        ThresholdMetricId: 'band',
        ComparisonOperator: 'GreaterThanUpperThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      },
    );
    // The anomaly model needs days of history: until it has them (a new stack, a new route), a fixed ceiling still
    // catches a model that abstains on everything.
    resources[`${route.id}AbstentionCeilingAlarm`] = alarm(
      `${service} ${stage} ${route.name}: abstention rate over ${settings.abstentionCeiling}%`,
      {
        Metrics: [{ Id: 'rate', ReturnData: true, MetricStat: emf('AbstentionRate', route, 'Average') }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: settings.abstentionCeiling,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
      },
    );
  }
  const alarmIds = Object.keys(resources).filter((id) => id.endsWith('Alarm'));

  resources.ReleaseCodeDeployRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: assumedBy('codedeploy.amazonaws.com'),
      Policies: [
        {
          PolicyName: 'shift-traffic-of-the-classify-aliases',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['lambda:GetAlias', 'lambda:UpdateAlias', 'lambda:GetProvisionedConcurrencyConfig'],
                Resource: ROUTES.flatMap((route) => [
                  { 'Fn::GetAtt': [`${route.id}LambdaFunction`, 'Arn'] },
                  { 'Fn::Sub': `\${${route.id}LambdaFunction.Arn}:${alias}` },
                ]),
              },
              {
                Effect: 'Allow',
                Action: ['lambda:InvokeFunction'],
                Resource: [{ 'Fn::GetAtt': ['SmokeTestLambdaFunction', 'Arn'] }],
              },
              {
                Effect: 'Allow',
                Action: ['cloudwatch:DescribeAlarms'],
                Resource: alarmIds.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
              },
            ],
          },
        },
      ],
    },
  };
  resources.SmokeTestRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: assumedBy('lambda.amazonaws.com'),
      Policies: [
        {
          PolicyName: 'smoke-test-the-new-versions',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                // Its own log group's streams (their names are the runtime's, hence the one `*`).
                Resource: [
                  {
                    'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${service}-${stage}-smokeTest:log-stream:*`,
                  },
                ],
              },
              // The new versions (and health's) are added at packaging: their logical ids change with every package.
              {
                Sid: 'InvokeTheVersionsUnderTest',
                Effect: 'Allow',
                Action: ['lambda:InvokeFunction'],
                Resource: [{ 'Fn::Sub': `\${${ROUTES[0].id}LambdaFunction.Arn}:${alias}` }],
              },
            ],
          },
        },
      ],
    },
  };
  resources.ReleaseDashboard = {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: {
      DashboardName: `${service}-${stage}`,
      DashboardBody: JSON.stringify(dashboard({ service, stage, region, namespace, alarmIds })),
    },
  };
  // The ARN of each alarm, which the dashboard's alarm widget needs, is known only once they exist.
  resources.ReleaseDashboard.Properties.DashboardBody = {
    'Fn::Sub': [
      resources.ReleaseDashboard.Properties.DashboardBody,
      Object.fromEntries(alarmIds.map((id) => [`${id}Arn`, { 'Fn::GetAtt': [id, 'Arn'] }])),
    ],
  };
  return {
    Resources: resources,
    Outputs: {
      ReleaseDashboardUrl: {
        Value: `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${service}-${stage}`,
      },
      ReleaseAlarmTopicArn: { Value: topic },
    },
  };
};

function assumedBy(service) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] }],
  };
}

/** The dashboard's widgets (CloudWatch dashboard body format); `${...Arn}` placeholders are filled by Fn::Sub. */
function dashboard({ service, stage, region, namespace, alarmIds }) {
  const routes = [...ROUTES.map((r) => r.route), 'health'];
  const dims = (route) => ['service', service, 'route', route];
  const search = (keys, filter, stat, period = PERIOD) => ({
    expression: `SEARCH('{${namespace},${keys}} ${filter} service="${service}"', '${stat}', ${period})`,
  });
  let y = 0;
  const row = (widgets) => {
    const width = 24 / widgets.length;
    const placed = widgets.map((w, i) => ({
      type: w.type ?? 'metric',
      x: i * width,
      y,
      width,
      height: 6,
      properties: { region, period: PERIOD, ...w.properties },
    }));
    y += 6;
    return placed;
  };
  const chart = (title, metrics, extra = {}) => ({ properties: { title, view: 'timeSeries', metrics, ...extra } });
  return {
    widgets: [
      ...row([
        chart(
          'Requests',
          routes.map((route) => [namespace, 'Requests', ...dims(route), { stat: 'Sum', label: route }]),
        ),
        chart(
          'Latency p50 / p99 (ms)',
          routes.flatMap((route) =>
            ['p50', 'p99'].map((stat) => [namespace, 'Latency', ...dims(route), { stat, label: `${route} ${stat}` }]),
          ),
        ),
        chart('Cold starts', [[search('function_name,route,service', 'MetricName="ColdStart"', 'Sum')]]),
      ]),
      ...row([
        chart('Errors by code', [[search('errorCode,route,service', 'MetricName="Errors"', 'Sum')]]),
        chart(
          'Abstention rate (%)',
          ROUTES.map((r) => [namespace, 'AbstentionRate', ...dims(r.route), { stat: 'Average', label: r.route }]),
        ),
        chart(
          'Mean confidence',
          ROUTES.flatMap((r, i) => [
            [namespace, 'ConfidenceSum', ...dims(r.route), { stat: 'Sum', id: `c${i}`, visible: false }],
            [namespace, 'Predictions', ...dims(r.route), { stat: 'Sum', id: `n${i}`, visible: false }],
            [{ expression: `c${i} / n${i}`, label: r.route }],
          ]),
          { yAxis: { left: { min: 0, max: 1 } } },
        ),
      ]),
      ...row(
        ROUTES.map((r) =>
          chart(
            `Predicted labels, ${r.route} (answers per label)`,
            [[search('label,route,service', `MetricName="LabelPredictions" route="${r.route}"`, 'Sum', 300)]],
            {
              stacked: true,
              period: 300,
            },
          ),
        ),
      ),
      ...row([
        chart('API 5xx and requests', [
          ['AWS/ApiGateway', '5XXError', 'ApiName', `${stage}-${service}`, { stat: 'Sum' }],
          ['.', 'Count', '.', '.', { stat: 'Sum', yAxis: 'right' }],
        ]),
        { type: 'alarm', properties: { title: 'Rollback alarms', alarms: alarmIds.map((id) => `\${${id}Arn}`) } },
      ]),
    ],
  };
}
