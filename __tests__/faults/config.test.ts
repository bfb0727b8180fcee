/**
 * An invalid configuration value stops the function at init with a message naming the variable, instead of
 * surfacing later as a confusing 500 (or being silently replaced by a default).
 */
import '../fuzz/support/env';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const projectRoot = join(__dirname, '..', '..');
const HANDLERS = ['classify', 'classify-batch', 'health'] as const;

/** Bad values, each with the variable the error must name and what it must say about it. */
const BAD_VALUES: Array<[string, string, RegExp]> = [
  ['MAX_TEXT_CHARS', 'abc', /MAX_TEXT_CHARS must be a positive integer, got "abc"/],
  ['MAX_TEXT_CHARS', '0', /MAX_TEXT_CHARS must be a positive integer/],
  ['MAX_TEXT_CHARS', '1e3', /MAX_TEXT_CHARS must be a positive integer/],
  ['MAX_BATCH_ITEMS', '-5', /MAX_BATCH_ITEMS must be a positive integer/],
  ['MAX_BATCH_ITEMS', '12.5', /MAX_BATCH_ITEMS must be a positive integer/],
  ['MAX_BODY_BYTES', '99999999999999999999', /MAX_BODY_BYTES must be a positive integer/],
  ['DEFAULT_TOP_K', 'three', /DEFAULT_TOP_K must be a positive integer/],
  ['LOG_LEVEL', 'LOUD', /LOG_LEVEL must be one of DEBUG, INFO, WARN, ERROR, got "LOUD"/],
  ['CORS_ORIGINS', 'not a url', /CORS_ORIGINS must be/],
  ['CORS_ORIGINS', ',,,', /CORS_ORIGINS must list at least one origin/],
];

/** Imports a handler in a fresh module registry with `env` applied, returning what the import threw. */
function importFailure(handler: string, env: Record<string, string>): unknown {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let failure: unknown;
  try {
    jest.isolateModules(() => {
      require(join(projectRoot, 'handlers', handler));
    });
  } catch (error) {
    failure = error;
  } finally {
    process.env = saved;
  }
  return failure;
}

describe('invalid configuration', () => {
  it.each(BAD_VALUES)('%s=%j fails every handler at import, naming the variable', (name, value, message) => {
    for (const handler of HANDLERS) {
      const failure = importFailure(handler, { [name]: value });
      expect({ handler, failure: String(failure) }).toEqual({ handler, failure: expect.stringMatching(message) });
      expect((failure as Error).name).toBe('ConfigError');
    }
  });

  it('fails a real Node process at init with the message (what Lambda reports as an init error)', () => {
    const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
    const run = spawnSync(tsx, ['-e', "require('./handlers/health')"], {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: 'LOUD', HOME: process.env.HOME ?? '/tmp' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ConfigError: LOG_LEVEL must be one of DEBUG, INFO, WARN, ERROR, got "LOUD"/);
  });

  it('accepts the documented values and blank ones (blank means the default)', () => {
    expect(
      importFailure('health', {
        MAX_TEXT_CHARS: '2000',
        LOG_LEVEL: 'debug',
        CORS_ORIGINS: 'https://a.example.com, https://b.example.com',
      }),
    ).toBeUndefined();
    expect(importFailure('health', { MAX_TEXT_CHARS: ' ', MAX_BATCH_ITEMS: '', LOG_LEVEL: '' })).toBeUndefined();
  });
});
