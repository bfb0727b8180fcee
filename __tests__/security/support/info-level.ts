/** Imported before the env module by suites that read INFO lines: the production log level. */
process.env.LOG_LEVEL = 'INFO';
