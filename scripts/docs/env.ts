/**
 * The settings the documentation's examples are answered under: the defaults of lib/config.ts and the default
 * model. Imported before the handlers (they read the environment at import), so a MODEL_DIR, ABSTAIN_THRESHOLD or
 * limit in the caller's shell cannot leak into the committed examples. Logs at ERROR, metrics off.
 */
for (const name of [
  'MODEL_DIR',
  'ABSTAIN_THRESHOLD',
  'DEFAULT_TOP_K',
  'MAX_TEXT_CHARS',
  'MAX_BATCH_ITEMS',
  'MAX_EXPLAINED_ITEMS',
  'MAX_BODY_BYTES',
  'CORS_ORIGINS',
  'AWS_LAMBDA_FUNCTION_NAME',
]) {
  delete process.env[name];
}
process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.LOG_LEVEL = 'ERROR';
