import type { OperatingPoint } from './operating-point';
import { isAbstainMethod, type AbstainMethod, type AbstainPolicy } from './policy';

/** The held-out figures a bundle's threshold was chosen on (`abstain.measured`). */
export interface AbstainMeasured extends Omit<OperatingPoint, 'threshold'> {
  inScopeRows: number;
  oosRows: number;
  maxReject: number;
  /** Present when the bundle was refit after the held-out run that was measured (see `metrics.validation`). */
  measuredOn?: string;
  /**
   * How many of the rows counted (in-scope and out-of-scope) were predicted by calibration-fold models
   * (`--calibration-folds`) rather than the measured run: slightly weaker models, trained on fewer rows. Absent: none.
   */
  outOfFoldRows?: number;
  /** The operating point each method reached at its own threshold, to show why `method` was chosen. */
  byMethod: Partial<Record<AbstainMethod, OperatingPoint>>;
}

/** The manifest's `abstain` section: the policy the service applies, with the figures it was chosen on. */
export interface AbstainSection extends AbstainPolicy {
  measured: AbstainMeasured;
}

/**
 * Checks the manifest's `abstain` section and returns the policy the service needs from it.
 *
 * @param fail - throws the manifest's error for a message
 * @example abstainPolicyFromJson({ method: 'max-probability', threshold: 0.3, label: 'oos', measured: {} }, fail)
 *   // { method: 'max-probability', threshold: 0.3, label: 'oos' }
 */
export function abstainPolicyFromJson(json: unknown, fail: (message: string) => never): AbstainPolicy {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('abstain must be an object');
  const { method, threshold, label } = json as Record<string, unknown>;
  if (!isAbstainMethod(method)) fail('abstain.method is unknown');
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) fail('abstain.threshold must be a number in [0, 1]');
  if (typeof label !== 'string' || label.length === 0) fail('abstain.label must be a non-empty string');
  return { method, threshold, label };
}
