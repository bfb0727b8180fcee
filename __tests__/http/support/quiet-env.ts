/**
 * Imported first by every HTTP/handler test, before lib/config.ts reads the environment: Powertools in dev mode
 * (logs through the global console, where tests can capture them; metrics off, so no EMF blobs on stdout) and the
 * log level at WARN. Tests that assert on INFO or DEBUG lines raise the level for their duration.
 */
process.env.POWERTOOLS_DEV = 'true';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_SERVICE_NAME ??= 'atlas-classifier-test';
