/**
 * Model bundle faults through the real handlers: each fault is introduced on a private copy of the bundle before a
 * (simulated) container init. Every route must answer 503 MODEL_UNAVAILABLE (/health: "unavailable" with a reason)
 * for as long as the fault lasts, without crashing or serving anything else, and recover on the next request once
 * the files are right again -- no restart.
 */
import '../fuzz/support/env';
import {
  bundleDir,
  pristineDir,
  readManifest,
  removeBundleCopies,
  restoreBundle,
  writeManifest,
} from './support/bundle-copy-env';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { bundleLoader } from '../../lib/serving/bundle-status';
import { classifierLoader } from '../../lib/serving/classifier';
import { expectWellFormed } from '../fuzz/support/contract';
import { apiEvent } from '../fuzz/support/events';
import { lambdaContext, loadEvent as readEvent } from '../http/support/events';
import { captureLogs, type CapturedLogs } from '../fuzz/support/logs';

jest.setTimeout(60_000);

const pristine = JSON.parse(readFileSync(join(pristineDir, 'manifest.json'), 'utf8'));
const pristineSha = sha256(readFileSync(join(pristineDir, 'manifest.json')));
const weightsFile: string = [...pristine.files].sort((a: any, b: any) => b.bytes - a.bytes)[0].path;
const modelFile: string = pristine.modelFile;
const vocabularyFile: string = pristine.preprocessing.vocabularyFile;
const file = (name: string) => join(bundleDir, name);

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Rewrites one bundle file and pins its new size and sha256 in the manifest: a consistent bundle that is wrong inside. */
function replaceAndRepin(name: string, bytes: Buffer): void {
  writeFileSync(file(name), bytes);
  const manifest = readManifest();
  const entry = manifest.files.find((f: { path: string }) => f.path === name);
  entry.bytes = bytes.length;
  entry.sha256 = sha256(bytes);
  writeManifest(manifest);
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let logs: CapturedLogs;

beforeAll(() => process.on('unhandledRejection', onUnhandled));
beforeEach(() => {
  logs = captureLogs();
});
afterEach(() => {
  logs.restore();
  restoreBundle();
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  classifierLoader.reset();
  removeBundleCopies();
});

/** What a new container does: forget everything, start loading at init. */
function newContainer(): void {
  classifierLoader.reset();
  bundleLoader.reset();
  classifierLoader.preload();
  bundleLoader.preload();
}

async function callAll() {
  const sent = [readEvent('classify'), readEvent('classify-batch'), readEvent('health')];
  const [c, b, h] = await Promise.all([
    classify(sent[0]!, lambdaContext()),
    classifyBatch(sent[1]!, lambdaContext()),
    health(sent[2]!, lambdaContext()),
  ]);
  return { classify: c!, batch: b!, health: h! };
}

async function expectAllUnavailable(reason: RegExp): Promise<void> {
  const answers = await callAll();
  for (const [route, response] of Object.entries(answers)) {
    const body = expectWellFormed(response, { clientText: '' }, { allowUnavailable: true });
    expect({ route, status: response.statusCode, code: body.error?.code }).toEqual({
      route,
      status: 503,
      code: 'MODEL_UNAVAILABLE',
    });
    expect(body.error.message).toMatch(reason);
    expect(response.body).not.toContain(bundleDir);
    if (route === 'health')
      expect(body).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(reason) });
  }
}

async function expectAllServing(): Promise<void> {
  const answers = await callAll();
  expect([answers.classify.statusCode, answers.batch.statusCode, answers.health.statusCode]).toEqual([200, 200, 200]);
  // The very bundle that was deployed, not whatever was lying around.
  expect(JSON.parse(answers.health.body).model.sha256).toBe(pristineSha);
  expect(JSON.parse(answers.classify.body).model).toEqual({ name: pristine.name, version: pristine.version });
}

const FAULTS: Array<[string, () => void, RegExp]> = [
  ['weights file missing', () => rmSync(file(weightsFile)), /missing or unreadable/],
  [
    'weights file truncated',
    () => writeFileSync(file(weightsFile), readFileSync(file(weightsFile)).subarray(0, 64)),
    /size .* does not match/,
  ],
  ['weights file grown', () => appendFileSync(file(weightsFile), Buffer.alloc(16)), /size .* does not match/],
  [
    'one weight byte flipped',
    () => {
      const bytes = readFileSync(file(weightsFile));
      const middle = bytes.length >> 1;
      bytes[middle] = bytes[middle]! ^ 0xff;
      writeFileSync(file(weightsFile), bytes);
    },
    /sha256 does not match/,
  ],
  ['model.json missing', () => rmSync(file(modelFile)), /missing or unreadable/],
  ['vocabulary altered', () => writeFileSync(file(vocabularyFile), '{}'), /does not match/],
  ['manifest.json missing', () => rmSync(file('manifest.json')), /manifest\.json/],
  [
    'manifest.json not JSON',
    () => writeFileSync(file('manifest.json'), '{"formatVersion": 1, "name": '),
    /manifest\.json/,
  ],
  ['manifest.json empty', () => writeFileSync(file('manifest.json'), ''), /manifest\.json/],
  [
    'manifest.json of the wrong shape',
    () => writeManifest({ formatVersion: 1, labels: 'all of them' }),
    /manifest\.json/,
  ],
  [
    'manifest pins another sha256 for the weights',
    () =>
      writeManifest({
        ...readManifest(),
        files: readManifest().files.map((f: any) => (f.path === weightsFile ? { ...f, sha256: 'a'.repeat(64) } : f)),
      }),
    /sha256 does not match/,
  ],
  [
    'manifest lists a file that is not there',
    () =>
      writeManifest({
        ...readManifest(),
        files: [...readManifest().files, { path: 'extra.bin', bytes: 1, sha256: 'b'.repeat(64) }],
      }),
    /extra\.bin/,
  ],
  [
    'manifest points outside the bundle',
    () => writeManifest({ ...readManifest(), files: [{ path: '../../etc/passwd', bytes: 1, sha256: 'c'.repeat(64) }] }),
    /manifest\.json/,
  ],
  [
    'manifest has one label fewer than the model has outputs',
    () => writeManifest({ ...readManifest(), labels: pristine.labels.slice(0, -1) }),
    /./,
  ],
  [
    'manifest has one label more than the model has outputs',
    () => writeManifest({ ...readManifest(), labels: [...pristine.labels, 'made_up_label'] }),
    /./,
  ],
  [
    'model.json altered and re-pinned (not a model)',
    () => replaceAndRepin(modelFile, Buffer.from('{"format":"layers-model"}')),
    /./,
  ],
  [
    'weights re-pinned at half their size',
    () =>
      replaceAndRepin(
        weightsFile,
        readFileSync(file(weightsFile)).subarray(0, readFileSync(file(weightsFile)).length >> 1),
      ),
    /./,
  ],
  ['model directory gone', () => rmSync(bundleDir, { recursive: true, force: true }), /manifest\.json/],
];

describe('a broken model bundle', () => {
  it('serves the intact bundle', async () => {
    newContainer();
    await expectAllServing();
  });

  it.each(FAULTS)(
    '%s: 503 on every route while broken, recovered on the next request once fixed',
    async (_name, breakIt, reason) => {
      breakIt();
      newContainer();
      await expectAllUnavailable(reason);
      // Still broken: every request tries again and fails the same way; concurrent ones too.
      await expectAllUnavailable(reason);
      const burst = await Promise.all(
        Array.from({ length: 8 }, () => classify(readEvent('classify'), lambdaContext())),
      );
      expect(burst.map((r) => r.statusCode)).toEqual(Array(8).fill(503));

      restoreBundle();
      await expectAllServing();
      expect(unhandled).toEqual([]);
      // The load failure was logged as an error, with its reason, for the operator.
      expect(logs.entries().some((e) => e.level === 'ERROR' && /model failed to load/.test(e.message))).toBe(true);
    },
  );

  it("keeps serving the verified model when the files break after it loaded (it never reloads them behind the client's back)", async () => {
    newContainer();
    await expectAllServing();
    writeFileSync(file(weightsFile), Buffer.alloc(readFileSync(file(weightsFile)).length, 1));
    await expectAllServing();
  });

  it('is never silent about a changed bundle: relabelling the manifest changes the sha256 /health reports', async () => {
    // Same label count, so the model still loads: only an identity that covers the manifest can reveal this.
    const labels = [...pristine.labels];
    [labels[0], labels[1]] = [labels[1], labels[0]];
    writeManifest({ ...readManifest(), labels });
    newContainer();
    const answers = await callAll();
    expect([answers.classify.statusCode, answers.health.statusCode]).toEqual([200, 200]);
    const reported = JSON.parse(answers.health.body).model;
    expect(reported.sha256).not.toBe(pristineSha);
    expect(reported.labels).toEqual(labels);
  });

  it('answers a burst of requests during a broken init, then the first one after the fix loads the model once for all', async () => {
    writeFileSync(file(weightsFile), 'broken');
    newContainer();
    const during = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        (i % 2 ? classify : classifyBatch)(readEvent(i % 2 ? 'classify' : 'classify-batch'), lambdaContext()),
      ),
    );
    expect(new Set(during.map((r) => r.statusCode))).toEqual(new Set([503]));
    restoreBundle();
    const after = await Promise.all(
      Array.from({ length: 16 }, () =>
        classify(
          apiEvent('/classify', { body: '{"text":"card"}', headers: { 'Content-Type': 'application/json' } }),
          lambdaContext(),
        ),
      ),
    );
    expect(new Set(after.map((r) => r.statusCode))).toEqual(new Set([200]));
    expect(unhandled).toEqual([]);
  });
});
