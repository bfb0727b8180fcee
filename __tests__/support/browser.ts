import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (apt). playwright's own browser download does not work here; .ci/run installs this one. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless run with nothing reaching out on its own (updates, sync, QUIC probes). */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile in its own sandbox directory. */
export interface Browser {
  readonly context: BrowserContext;
  /** Closes the browser and deletes the profile, HOME and TMPDIR it used. */
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless, through playwright-core, with a fresh user-data dir, HOME and TMPDIR inside
 * a new temporary directory, so nothing of a real profile is read or written.
 *
 * @param viewport - the window size
 */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does this on CI)`);
  }
  const sandbox = mkdtempSync(join(tmpdir(), 'atlas-chromium-'));
  const [profile, home, tmp] = ['profile', 'home', 'tmp'].map((name) => join(sandbox, name)) as [
    string,
    string,
    string,
  ];
  for (const dir of [profile, home, tmp]) mkdirSync(dir);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    env: {
      ...process.env,
      HOME: home,
      TMPDIR: tmp,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
    },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(sandbox, { recursive: true, force: true });
    },
  };
}
