import { bundleCopy } from '../http/support/model-copy-env';
import '../http/support/quiet-env';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { bundleLoader } from '../../lib/serving/bundle-status';
import { classifierLoader } from '../../lib/serving/classifier';
import { captureLogs } from '../http/support/capture-logs';
import { bodyOf, lambdaContext, loadEvent } from '../http/support/events';

const dir = bundleCopy.dir;
const manifestPath = join(dir, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; bytes: number }[] };
// The largest file is the weights.
const weights = [...manifest.files].sort((a, b) => b.bytes - a.bytes)[0]!.path;
const weightsPath = join(dir, weights);

/** Breaks the bundle copy, runs `check`, then restores every file, whatever happened. */
async function withBroken(breakIt: () => void, check: () => Promise<void>): Promise<void> {
  const saved = new Map([manifestPath, weightsPath].map((path) => [path, readFileSync(path)]));
  // Forget what was loaded, as a new container would.
  classifierLoader.reset();
  bundleLoader.reset();
  breakIt();
  const logs = captureLogs();
  try {
    await check();
  } finally {
    logs.restore();
    for (const [path, bytes] of saved) writeFileSync(path, bytes);
  }
}

async function allThree() {
  return {
    classify: await classify(loadEvent('classify'), lambdaContext()),
    batch: await classifyBatch(loadEvent('classify-batch'), lambdaContext()),
    health: await health(loadEvent('health'), lambdaContext()),
  };
}

function expectUnavailable(responses: Awaited<ReturnType<typeof allThree>>, reason: RegExp) {
  for (const response of [responses.classify, responses.batch]) {
    expect(response.statusCode).toBe(503);
    expect(bodyOf(response)).toEqual({
      error: { code: 'MODEL_UNAVAILABLE', message: expect.stringMatching(reason) },
      requestId: expect.any(String),
    });
  }
  expect(responses.health.statusCode).toBe(503);
  const body = bodyOf(responses.health);
  expect(body).toEqual({
    status: 'unavailable',
    reason: expect.stringMatching(reason),
    error: { code: 'MODEL_UNAVAILABLE', message: body.reason },
    requestId: expect.any(String),
  });
  for (const response of Object.values(responses)) {
    expect(response.body).not.toContain(dir);
    expect(response.body).not.toMatch(/\/tmp|\/var\/task|node_modules|\bat\s.*:\d+/);
  }
}

afterAll(() => {
  classifierLoader.reset();
  bundleCopy.remove();
});

describe('a broken model bundle', () => {
  it('serves normally while the bundle is intact', async () => {
    const responses = await allThree();
    expect([responses.classify.statusCode, responses.batch.statusCode, responses.health.statusCode]).toEqual([
      200, 200, 200,
    ]);
  });

  it.each([
    [
      'altered weights',
      () => writeFileSync(weightsPath, Buffer.alloc(readFileSync(weightsPath).length, 7)),
      /sha256 does not match/,
    ],
    [
      'truncated weights',
      () => writeFileSync(weightsPath, readFileSync(weightsPath).subarray(0, 100)),
      /size .* does not match/,
    ],
    ['missing weights', () => renameSync(weightsPath, `${weightsPath}.gone`), /missing or unreadable/],
    [
      'missing manifest',
      () => renameSync(manifestPath, `${manifestPath}.gone`),
      /manifest\.json: missing or unreadable/,
    ],
    ['manifest that is not JSON', () => writeFileSync(manifestPath, '{"name": '), /manifest\.json/],
    [
      'manifest that does not match the weights',
      () => {
        const altered = JSON.parse(readFileSync(manifestPath, 'utf8'));
        const file = altered.files.find((f: { path: string }) => f.path === weights);
        file.sha256 = '0'.repeat(64);
        writeFileSync(manifestPath, JSON.stringify(altered));
      },
      /sha256 does not match/,
    ],
  ])(
    '%s: every route answers 503 MODEL_UNAVAILABLE with the reason, then recovers once fixed',
    async (_name, breakIt, reason) => {
      await withBroken(breakIt, async () => {
        expectUnavailable(await allThree(), reason);
        // Still broken: each request tries again and fails the same way, no crash, no half-loaded model.
        expectUnavailable(await allThree(), reason);
      });
      for (const path of [`${weightsPath}.gone`, `${manifestPath}.gone`]) {
        try {
          renameSync(path, path.replace(/\.gone$/, ''));
        } catch {
          // only one of them was moved aside
        }
      }
      const healed = await allThree();
      expect([healed.classify.statusCode, healed.batch.statusCode, healed.health.statusCode]).toEqual([200, 200, 200]);
    },
  );

  it('logs why the model could not be loaded', async () => {
    const saved = readFileSync(weightsPath);
    classifierLoader.reset();
    writeFileSync(weightsPath, Buffer.alloc(saved.length, 1));
    const logs = captureLogs();
    try {
      await classify(loadEvent('classify'), lambdaContext());
    } finally {
      logs.restore();
      writeFileSync(weightsPath, saved);
    }
    expect(logs.lines().find((line) => line.message === 'model failed to load')).toMatchObject({ level: 'ERROR' });
  });
});
