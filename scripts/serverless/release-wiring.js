'use strict';
/**
 * A local serverless plugin for the stages with traffic shifting (params.trafficShifting): after
 * serverless-plugin-canary-deployments has added the aliases and deployment groups, it
 *
 * - gives the smokeTest hook the new versions of classify, classifyBatch and health, as environment variables and
 *   as the only versions its role may invoke. A version's logical id carries a hash of the code, so it is known only
 *   once the functions are packaged; CloudFormation then resolves each `Ref` to that version's ARN. It also gets the
 *   ARN of classify's alias (CLASSIFY_ALIAS_ARN), which during BeforeAllowTraffic still serves the deployed version.
 *   (Set here rather than in serverless.yml, where `invoke local` could not resolve them; tests pass them with `-e`.)
 * - moves the right to report to the deployments (codedeploy:PutLifecycleEventHookExecutionStatus), which the
 *   canary plugin grants to the role every function shares, to the hook's own role: the classify functions never
 *   need it.
 *
 * Does nothing where the template has no smokeTest function (traffic shifting off).
 */

/** What the hook tests: environment variable, and the serverless function whose new version it names. */
const VERSIONS_UNDER_TEST = [
  ['CLASSIFY_VERSION_ARN', 'classify'],
  ['CLASSIFY_BATCH_VERSION_ARN', 'classifyBatch'],
  ['HEALTH_VERSION_ARN', 'health'],
];
const HOOK_ROLE = 'SmokeTestRole';
const INVOKE_SID = 'InvokeTheVersionsUnderTest';
const REPORT_ACTION = 'codedeploy:PutLifecycleEventHookExecutionStatus';

class ReleaseWiring {
  constructor(serverless) {
    this.hooks = {
      'after:aws:package:finalize:mergeCustomProviderResources': () => wire(serverless),
    };
  }
}

function wire(serverless) {
  const provider = serverless.getProvider('aws');
  const resources = serverless.service.provider.compiledCloudFormationTemplate.Resources;
  const hook = resources[provider.naming.getLambdaLogicalId('smokeTest')];
  if (!hook) return;
  const fail = (message) => {
    throw new serverless.classes.Error(`release wiring: ${message}`);
  };
  const role = resources[HOOK_ROLE];
  const statements = role?.Properties?.Policies?.[0]?.PolicyDocument?.Statement;
  const invoke = statements?.find((s) => s.Sid === INVOKE_SID);
  if (!invoke) fail(`${HOOK_ROLE} has no statement ${INVOKE_SID} (resources/release.js)`);

  hook.Properties.Environment ??= { Variables: {} };
  const alias = serverless.service.custom.release.alias;
  hook.Properties.Environment.Variables.CLASSIFY_ALIAS_ARN = {
    'Fn::Sub': `\${${provider.naming.getLambdaLogicalId('classify')}.Arn}:${alias}`,
  };
  for (const [variable, fn] of VERSIONS_UNDER_TEST) {
    const functionId = provider.naming.getLambdaLogicalId(fn);
    const versionId = Object.keys(resources).find(
      (id) =>
        resources[id].Type === 'AWS::Lambda::Version' && resources[id].Properties?.FunctionName?.Ref === functionId,
    );
    if (!versionId) fail(`no version of ${fn} in the template (is versionFunctions off?)`);
    hook.Properties.Environment.Variables[variable] = { Ref: versionId };
    invoke.Resource.push({ Ref: versionId });
  }

  const shared =
    resources[provider.naming.getRoleLogicalId()]?.Properties?.Policies?.[0]?.PolicyDocument?.Statement ?? [];
  const report = shared.findIndex((s) => [s.Action].flat().includes(REPORT_ACTION));
  if (report < 0) fail(`found no ${REPORT_ACTION} statement to move (has serverless-plugin-canary-deployments run?)`);
  statements.push(...shared.splice(report, 1));
}

module.exports = ReleaseWiring;
