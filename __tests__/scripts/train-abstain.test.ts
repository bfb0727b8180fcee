import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEASURED_BEFORE_REFIT } from '../../lib/model/bundle/manifest';
import { verifyBundle } from '../../lib/model/bundle/integrity';
import { FIXTURE_CSV, tempDir, trainFixtureBundle } from '../model/fixture-bundle';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const OOS_TEXTS = ['recipe for lasagne', 'who won the football', 'asdf qwer zxcv', 'translate cat into german', 'how tall is everest'];

/** The fixture plus out-of-scope rows labelled `none`. */
function fixtureWithOos(): string {
  const path = join(dir, 'with-oos.csv');
  writeFileSync(path, readFileSync(FIXTURE_CSV, 'utf8').trimEnd() + '\n' + OOS_TEXTS.map((t) => `${t},none`).join('\n') + '\n');
  return path;
}

describe('trainer abstention calibration', () => {
  it('calibrates on held-out in-scope rows for --max-reject and records the figures', async () => {
    const { modelDir, result } = await trainFixtureBundle(join(dir, 'plain'), { maxReject: 0.25 });
    const abstain = result.manifest.abstain!;
    expect(abstain).toMatchObject({ label: 'out_of_scope', measured: { inScopeRows: 16, oosRows: 0, maxReject: 0.25 } });
    expect(['max-probability', 'margin']).toContain(abstain.method);
    // 16 held-out rows, a quarter may go: the threshold sits between the 4th and 5th lowest score, so it rejects <= 4.
    expect(abstain.measured.inScopeRejectRate).toBeGreaterThan(0);
    expect(abstain.measured.inScopeRejectRate).toBeLessThanOrEqual(0.25);
    expect(abstain.threshold).toBeGreaterThan(0);
    expect(abstain.measured.byMethod[abstain.method]!.threshold).toBe(abstain.threshold);
    const check = verifyBundle(modelDir);
    expect(check.ok && check.info.abstain).toEqual({ method: abstain.method, threshold: abstain.threshold, label: 'out_of_scope' });
  });

  it('with --oos-label, leaves those rows out of the classes, calibrates on them and answers with their label', async () => {
    const { result } = await trainFixtureBundle(join(dir, 'oos'), { data: fixtureWithOos(), oosLabel: 'none', maxReject: 0.25, refit: true });
    const { labels, abstain, training } = result.manifest;
    expect(labels).toEqual(['billing', 'greeting', 'music', 'weather']);
    expect(training.data.rows).toBe(85);
    expect(abstain).toMatchObject({ label: 'none', measured: { oosRows: 5, measuredOn: MEASURED_BEFORE_REFIT } });
    expect(abstain!.measured.oosRecall).toBeGreaterThan(0);
    expect(training.settings).toMatchObject({ oosLabel: 'none', maxReject: 0.25 });
  });

  it('refuses an --oos-label no row has, and one without a held-out run, writing nothing', async () => {
    await expect(trainFixtureBundle(join(dir, 'typo'), { oosLabel: 'nonee' })).rejects.toThrow('--oos-label nonee: no row has that label');
    await expect(trainFixtureBundle(join(dir, 'noval'), { data: fixtureWithOos(), oosLabel: 'none', valFraction: 0 })).rejects.toThrow(
      '--oos-label calibrates abstention on a held-out run',
    );
    expect(verifyBundle(join(dir, 'typo', 'bundle')).ok).toBe(false);
  });
});
