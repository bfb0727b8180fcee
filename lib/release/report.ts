import { PutLifecycleEventHookExecutionStatusCommand, type CodeDeployClient } from '@aws-sdk/client-codedeploy';
import type { LifecycleEvent } from './lifecycle-event';

/**
 * Tells CodeDeploy whether the hook passed: `Failed` stops the deployment and moves the alias back (no traffic ever
 * reached the new version), `Succeeded` lets traffic shifting start.
 */
export async function reportHookStatus(
  codeDeploy: CodeDeployClient,
  event: LifecycleEvent,
  passed: boolean,
): Promise<void> {
  await codeDeploy.send(
    new PutLifecycleEventHookExecutionStatusCommand({
      deploymentId: event.DeploymentId,
      lifecycleEventHookExecutionId: event.LifecycleEventHookExecutionId,
      status: passed ? 'Succeeded' : 'Failed',
    }),
  );
}
