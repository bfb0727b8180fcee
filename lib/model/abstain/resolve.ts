import { ABSTAIN_DEFAULTS, type AbstainPolicy } from './policy';

/** Where the threshold in force came from. */
export type ThresholdSource = 'request' | 'stage' | 'bundle' | 'none';

/** The policy in force for a request, and where its threshold came from (`policy` absent: never abstain). */
export interface PolicyInForce {
  policy: AbstainPolicy | undefined;
  source: ThresholdSource;
}

/**
 * The abstention policy a request is answered with. The most specific threshold wins: the request's own, then the
 * stage setting (`ABSTAIN_THRESHOLD`), then the bundle's calibrated one. Method and fallback label are always the
 * bundle's (or the defaults, for a bundle without an `abstain` section). A threshold of 0 switches the threshold
 * off: a bundle without an `abstain` section then never abstains, and one with it only when its model answers the
 * fallback label itself (out-of-scope rows trained as a class).
 *
 * @param bundle - the bundle's `abstain` section, if it has one
 * @param stageThreshold - the stage setting, if set
 * @param requestThreshold - the request's `threshold`, if given
 * @example policyInForce({ method: 'margin', threshold: 0.2, label: 'oos' }, undefined, 0.5)
 *   // { policy: { method: 'margin', threshold: 0.5, label: 'oos' }, source: 'request' }
 */
export function policyInForce(bundle: AbstainPolicy | undefined, stageThreshold?: number, requestThreshold?: number): PolicyInForce {
  const source: ThresholdSource =
    requestThreshold !== undefined ? 'request' : stageThreshold !== undefined ? 'stage' : bundle ? 'bundle' : 'none';
  const threshold = requestThreshold ?? stageThreshold ?? bundle?.threshold ?? 0;
  if (threshold <= 0 && !bundle) return { policy: undefined, source };
  return {
    policy: {
      method: bundle?.method ?? ABSTAIN_DEFAULTS.method,
      threshold,
      label: bundle?.label ?? ABSTAIN_DEFAULTS.label,
    },
    source,
  };
}
