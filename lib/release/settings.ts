/** What the smoke test checks and against what; from the hook function's environment (serverless.yml and, for the ARNs, scripts/serverless/release-wiring.js set it). */
export interface SmokeTestSettings {
  /** The new version of `classify`, as a qualified ARN (`...:function:name:7`). `CLASSIFY_VERSION_ARN`. */
  classifyVersion: string;
  /** The new version of `classifyBatch`. `CLASSIFY_BATCH_VERSION_ARN`. */
  classifyBatchVersion: string;
  /** The new version of `health`. `HEALTH_VERSION_ARN`. */
  healthVersion: string;
  /** The alias callers reach `classify` through; during BeforeAllowTraffic it still serves the deployed version. `CLASSIFY_ALIAS_ARN`. */
  classifyAlias: string;
  /** Least share of samples each route must answer with their expected label. `SMOKE_MIN_AGREEMENT`, default 0.8. */
  minAgreement: number;
  /** Whether the new model may have another name than the deployed one. `ALLOW_MODEL_RENAME`, default false. */
  allowModelRename: boolean;
}

/** A hook setting that is missing or wrong; the message names the variable. */
export class SmokeTestSettingsError extends Error {
  override readonly name = 'SmokeTestSettingsError';
}

/**
 * Reads the smoke test's settings.
 *
 * @throws SmokeTestSettingsError naming the first bad variable
 */
export function loadSmokeTestSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): SmokeTestSettings {
  const arn = (name: string): string => {
    const value = env[name]?.trim();
    if (!value || !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+:[A-Za-z0-9_$-]+$/.test(value)) {
      throw new SmokeTestSettingsError(
        `${name} must be a qualified Lambda function ARN, got ${JSON.stringify(env[name] ?? null)}`,
      );
    }
    return value;
  };
  const rawShare = env.SMOKE_MIN_AGREEMENT?.trim() || '0.8';
  const minAgreement = /^(?:0(?:\.\d+)?|1(?:\.0*)?)$/.test(rawShare) ? Number(rawShare) : NaN;
  if (Number.isNaN(minAgreement))
    throw new SmokeTestSettingsError(
      `SMOKE_MIN_AGREEMENT must be a share from 0 to 1, got ${JSON.stringify(rawShare)}`,
    );
  const rename = (env.ALLOW_MODEL_RENAME?.trim() || 'false').toLowerCase();
  if (rename !== 'true' && rename !== 'false')
    throw new SmokeTestSettingsError(`ALLOW_MODEL_RENAME must be true or false, got ${JSON.stringify(rename)}`);
  return {
    classifyVersion: arn('CLASSIFY_VERSION_ARN'),
    classifyBatchVersion: arn('CLASSIFY_BATCH_VERSION_ARN'),
    healthVersion: arn('HEALTH_VERSION_ARN'),
    classifyAlias: arn('CLASSIFY_ALIAS_ARN'),
    minAgreement,
    allowModelRename: rename === 'true',
  };
}
