/**
 * Runtime configuration: every setting the service reads from the environment, parsed and validated once, at init.
 * A bad value throws here (so the function fails to start with a message naming the variable) instead of surfacing
 * at the first request.
 */

/** Log levels the service accepts in `LOG_LEVEL`. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** The validated service configuration. */
export interface ServiceConfig {
  /** Longest accepted text, in characters (Unicode code points). `MAX_TEXT_CHARS`, default 2000. */
  readonly maxTextChars: number;
  /** Most items in one batch. `MAX_BATCH_ITEMS`, default 128. */
  readonly maxBatchItems: number;
  /**
   * Most items one batch may ask to explain (`"explain": true`): each costs up to 64 more rows of the prediction.
   * `MAX_EXPLAINED_ITEMS`, default 16.
   */
  readonly maxExplainedItems: number;
  /** Largest accepted request body, in bytes (after base64 decoding). `MAX_BODY_BYTES`, default 1048576. */
  readonly maxBodyBytes: number;
  /** `topK` when the request does not give one. `DEFAULT_TOP_K`, default 3. */
  readonly defaultTopK: number;
  /** `LOG_LEVEL`, default INFO. */
  readonly logLevel: LogLevelName;
  /** Origins allowed by CORS; `['*']` allows any. `CORS_ORIGINS` (comma-separated), default `*`. */
  readonly corsOrigins: readonly string[];
  /** Model bundle directory; unset means "find model/ next to the code". `MODEL_DIR`. */
  readonly modelDir: string | undefined;
  /**
   * Whether the stage's API routes need an `x-api-key` (serverless.yml's `apiKeyRequired` param). API Gateway
   * enforces it; only the docs function reads it, to document it and show the playground's key field.
   * `API_KEY_REQUIRED` (true or false), default false.
   */
  readonly apiKeyRequired: boolean;
  /** Powertools service name (`POWERTOOLS_SERVICE_NAME`), default atlas-classifier. */
  readonly serviceName: string;
  /** CloudWatch metrics namespace (`POWERTOOLS_METRICS_NAMESPACE`), default AtlasClassifier. */
  readonly metricsNamespace: string;
  /**
   * The stage's abstention threshold in [0, 1], overriding the bundle's calibrated one (0 = no threshold).
   * `ABSTAIN_THRESHOLD`; unset means "the bundle's".
   */
  readonly abstainThreshold: number | undefined;
}

/** A configuration value is invalid; the message names the environment variable and what it accepts. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses and validates the service configuration from environment variables.
 *
 * @param env - the environment to read (default `process.env`)
 * @returns the frozen configuration
 * @throws ConfigError naming the first invalid variable
 */
export function loadConfig(env: Env = process.env): ServiceConfig {
  return Object.freeze({
    maxTextChars: positiveInteger(env, 'MAX_TEXT_CHARS', 2000),
    maxBatchItems: positiveInteger(env, 'MAX_BATCH_ITEMS', 128),
    maxExplainedItems: positiveInteger(env, 'MAX_EXPLAINED_ITEMS', 16),
    maxBodyBytes: positiveInteger(env, 'MAX_BODY_BYTES', 1_048_576),
    defaultTopK: positiveInteger(env, 'DEFAULT_TOP_K', 3),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'INFO', (v) => v.toUpperCase()),
    corsOrigins: corsOrigins(env),
    modelDir: optional(env, 'MODEL_DIR'),
    apiKeyRequired:
      oneOf(env, 'API_KEY_REQUIRED', ['true', 'false'] as const, 'false', (v) => v.toLowerCase()) === 'true',
    serviceName: optional(env, 'POWERTOOLS_SERVICE_NAME') ?? 'atlas-classifier',
    metricsNamespace: optional(env, 'POWERTOOLS_METRICS_NAMESPACE') ?? 'AtlasClassifier',
    abstainThreshold: unitInterval(env, 'ABSTAIN_THRESHOLD'),
  });
}

/** The configuration of this process, read once when the module is first imported. */
export const config: ServiceConfig = loadConfig();

/** Unset and blank both mean "use the default": serverless.yml may render an empty string for an unset param. */
function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  // Digits only: Number() alone would accept "1e3", "0x10" and " 12 ", which nobody means in a limit.
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function unitInterval(env: Env, name: string): number | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  // A plain decimal only, for the same reason as positiveInteger.
  const value = /^(?:\d+\.?\d*|\.\d+)$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 0 && value <= 1))
    throw new ConfigError(`${name} must be a number from 0 to 1 (0 = no threshold), got ${JSON.stringify(raw)}`);
  return value;
}

function oneOf<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
  normalise: (value: string) => string,
): T {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = normalise(raw);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return value as T;
}

function corsOrigins(env: Env): readonly string[] {
  const raw = optional(env, 'CORS_ORIGINS');
  if (raw === undefined) return Object.freeze(['*']);
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^\s/]+$/.test(origin)) {
      throw new ConfigError(
        `CORS_ORIGINS must be "*" or a comma-separated list of origins like https://app.example.com, got ${JSON.stringify(origin)}`,
      );
    }
  }
  if (origins.length === 0) throw new ConfigError('CORS_ORIGINS must list at least one origin or "*"');
  return Object.freeze(origins);
}
