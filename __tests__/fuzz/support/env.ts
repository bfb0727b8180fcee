/**
 * Imported first by every reliability suite, before lib/config.ts reads the environment: Powertools in dev mode
 * (it logs through the global console, where a test can capture it), no metrics blobs, and only warnings and
 * errors, so thousands of fuzzed requests do not print thousands of access-log lines.
 */
import fc from 'fast-check';

process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_SERVICE_NAME ??= 'atlas-classifier-reliability';

/**
 * One fixed seed for every property, so CI replays exactly the same inputs. Set FUZZ_SEED to explore other
 * inputs locally; a failure prints the seed and path needed to replay it.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20251125);

fc.configureGlobal({ seed: FUZZ_SEED });
