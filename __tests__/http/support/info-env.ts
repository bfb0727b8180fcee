/** Like quiet-env.ts, at INFO, for tests that assert on the access log. Import it before quiet-env. */
process.env.LOG_LEVEL = 'INFO';
