/** Like quiet-env.ts, at DEBUG, for tests that assert on debug lines. Import it before quiet-env. */
process.env.LOG_LEVEL = 'DEBUG';
