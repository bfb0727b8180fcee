/**
 * The event CodeDeploy sends a Lambda lifecycle hook (BeforeAllowTraffic, AfterAllowTraffic): the deployment and the
 * hook execution to report back to with `PutLifecycleEventHookExecutionStatus`. Nothing else is in it; what is being
 * deployed comes from the hook's own configuration (see `settings.ts`).
 */
export interface LifecycleEvent {
  DeploymentId: string;
  LifecycleEventHookExecutionId: string;
}

/** An event that is not a CodeDeploy lifecycle event; the message says which field is wrong. */
export class LifecycleEventError extends Error {
  override readonly name = 'LifecycleEventError';
}

/**
 * Checks that an invocation payload is a CodeDeploy lifecycle event.
 *
 * @throws LifecycleEventError naming the missing field
 */
export function parseLifecycleEvent(event: unknown): LifecycleEvent {
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  for (const key of ['DeploymentId', 'LifecycleEventHookExecutionId'] as const) {
    if (typeof fields[key] !== 'string' || fields[key] === '') {
      throw new LifecycleEventError(`not a CodeDeploy lifecycle event: ${key} must be a non-empty string`);
    }
  }
  return {
    DeploymentId: fields.DeploymentId as string,
    LifecycleEventHookExecutionId: fields.LifecycleEventHookExecutionId as string,
  };
}
