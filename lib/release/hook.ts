import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { config as defaultConfig, type ServiceConfig } from '../config';
import { logger } from '../observability/logger';
import { bundleSamples } from './bundle-samples';
import { lambdaInvoker } from './invoke';
import { LifecycleEventError, parseLifecycleEvent } from './lifecycle-event';
import { reportHookStatus } from './report';
import { loadSmokeTestSettings } from './settings';
import { runSmokeTest, type SmokeVerdict } from './smoke-test';

export interface SmokeTestHookDependencies {
  lambda: LambdaClient;
  codeDeploy: CodeDeployClient;
  /** Environment of the hook (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the bundle's manifest is (default: found as the service finds it). */
  modelDir?: string;
  config?: ServiceConfig;
}

/** What the hook returns: the status it reported, and why. */
export type SmokeTestHookResult =
  | ({ status: 'Succeeded' | 'Failed' } & Partial<SmokeVerdict>)
  | { status: 'NotReported'; error: { code: 'BAD_EVENT'; message: string } };

/**
 * The BeforeAllowTraffic hook of the classify functions' deployments: runs the smoke test (`smoke-test.ts`) on the
 * new versions and reports the outcome to the deployment. Anything that keeps it from checking (bad settings, an
 * unreadable manifest) is reported as Failed: a version that cannot be checked gets no traffic. Only an event that is
 * not from CodeDeploy goes unreported, as there is nothing to report to; it gets a JSON error, never a throw.
 */
export function createSmokeTestHook(deps: SmokeTestHookDependencies): (event: unknown) => Promise<SmokeTestHookResult> {
  return async (event) => {
    let lifecycle;
    try {
      lifecycle = parseLifecycleEvent(event);
    } catch (error) {
      if (!(error instanceof LifecycleEventError)) throw error;
      logger.error('smoke test: not a lifecycle event', { reason: error.message });
      return { status: 'NotReported', error: { code: 'BAD_EVENT', message: error.message } };
    }
    logger.appendKeys({ deploymentId: lifecycle.DeploymentId });
    let verdict: SmokeVerdict;
    try {
      const settings = loadSmokeTestSettings(deps.env ?? process.env);
      verdict = await runSmokeTest({
        settings,
        samples: bundleSamples(deps.modelDir),
        maxBatchItems: (deps.config ?? defaultConfig).maxBatchItems,
        invoke: lambdaInvoker(deps.lambda),
      });
    } catch (error) {
      verdict = {
        passed: false,
        failures: [`the smoke test could not run: ${(error as Error).message}`],
        agreement: {},
        model: {},
      };
    }
    const status = verdict.passed ? 'Succeeded' : 'Failed';
    (verdict.passed ? logger.info : logger.error).call(logger, `smoke test ${status.toLowerCase()}`, { ...verdict });
    // A failed report throws, so Lambda retries the invocation; CodeDeploy otherwise fails the hook after its timeout.
    await reportHookStatus(deps.codeDeploy, lifecycle, verdict.passed);
    return { status, ...verdict };
  };
}
