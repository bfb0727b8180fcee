import { copyFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier } from '../../lib/model/load-classifier';
import { tf } from '../../lib/model/tf/index';
import type { Classifier } from '../../lib/model/types';
import { loadError, tempDir, trainFixtureBundle } from './fixture-bundle';

let dir: string;
let cleanup: () => void;
let modelDir: string;
let classifier: Classifier;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  ({ modelDir } = await trainFixtureBundle(dir));
  classifier = await loadClassifier(modelDir);
});

afterAll(() => {
  classifier?.dispose();
  cleanup();
});

/** A copy of the fixture bundle that a test may damage. */
function copyBundle(name: string): string {
  const copy = join(dir, name);
  cpSync(modelDir, copy, { recursive: true });
  return copy;
}

describe('loadClassifier', () => {
  it('exposes the manifest identity', () => {
    expect(classifier.info.name).toBe('fixture-intents');
    expect(classifier.info.version).toBe('0.0.1');
    expect(classifier.info.labels).toEqual(['billing', 'greeting', 'music', 'weather']);
    expect(classifier.info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('predicts the obvious cases, in input order', () => {
    const texts = ['will it rain tomorrow afternoon', 'play some music please', 'hello, good morning', 'refund my invoice charge'];
    expect(classifier.classify(texts, 1).map((p) => p.label)).toEqual(['weather', 'music', 'greeting', 'billing']);
  });

  it('returns top-k sorted by score, probabilities summing to 1, and clamps k to [1, labels]', () => {
    const [all] = classifier.classify(['play a song'], 99);
    expect(all!.top).toHaveLength(4);
    const scores = all!.top.map((t) => t.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(all!.label).toBe(all!.top[0]!.label);
    expect(classifier.classify(['play a song'], 0)[0]!.top).toHaveLength(1);
    expect(classifier.classify(['play a song'], Number.NaN)[0]!.top).toHaveLength(1);
    expect(classifier.classify(['play a song'], 2.7)[0]!.top).toHaveLength(2);
  });

  it('answers empty, unknown-only and very long texts with finite probabilities', () => {
    const results = classifier.classify(['', '\u0000\u200b', 'zzqx', 'play some jazz '.repeat(20_000)], 4);
    for (const r of results) {
      expect(r.top.every((t) => Number.isFinite(t.score))).toBe(true);
      expect(r.top.reduce((s, t) => s + t.score, 0)).toBeCloseTo(1, 5);
    }
    expect(results[3]!.label).toBe('music');
    expect(classifier.classify([], 1)).toEqual([]);
  });

  it('gives the same prediction for a text alone or inside a batch', () => {
    const alone = classifier.classify(['is it going to snow'], 4)[0]!;
    const inBatch = classifier.classify(['hi', 'is it going to snow', 'pay my bill now please'], 4)[1]!;
    expect(inBatch.label).toBe(alone.label);
    inBatch.top.forEach((t, i) => expect(t.score).toBeCloseTo(alone.top[i]!.score, 5));
  });

  it('leaks no tensors across classify calls', () => {
    classifier.classify(['warm'], 1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) classifier.classify(['hello', 'play music', ''], 3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('fails with a client-safe reason when a weight file is altered', async () => {
    const bundle = copyBundle('altered');
    const weights = readFileSync(join(bundle, 'weights.bin'));
    weights[10] = weights[10]! ^ 0xff;
    writeFileSync(join(bundle, 'weights.bin'), weights);
    const error = await loadError(bundle);
    expect(error.reason).toBe('weights.bin: sha256 does not match the manifest');
    expect(error.reason).not.toContain(dir);
  });

  it('fails on a truncated weight file', async () => {
    const bundle = copyBundle('truncated');
    const weights = readFileSync(join(bundle, 'weights.bin'));
    writeFileSync(join(bundle, 'weights.bin'), weights.subarray(0, weights.length - 7));
    expect((await loadError(bundle)).reason).toMatch(/^weights\.bin: size \d+ bytes does not match the manifest/);
  });

  it('fails on a missing weight file or vocabulary', async () => {
    const bundle = copyBundle('missing');
    rmSync(join(bundle, 'weights.bin'));
    expect((await loadError(bundle)).reason).toBe('weights.bin: missing or unreadable');
    copyFileSync(join(modelDir, 'weights.bin'), join(bundle, 'weights.bin'));
    rmSync(join(bundle, 'vocab.json'));
    expect((await loadError(bundle)).reason).toBe('vocab.json: missing or unreadable');
  });

  it('fails on a malformed manifest', async () => {
    const bundle = copyBundle('malformed');
    writeFileSync(join(bundle, 'manifest.json'), '{"formatVersion": 1, "name": ');
    expect((await loadError(bundle)).reason).toBe('manifest.json: not valid JSON');
    const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8'));
    writeFileSync(join(bundle, 'manifest.json'), JSON.stringify({ ...manifest, labels: 'weather' }));
    expect((await loadError(bundle)).reason).toBe('manifest.json: labels must be an array');
  });

  it('fails when the manifest lists labels that do not match the model outputs', async () => {
    const bundle = copyBundle('labels');
    const manifest = JSON.parse(readFileSync(join(modelDir, 'manifest.json'), 'utf8'));
    writeFileSync(join(bundle, 'manifest.json'), JSON.stringify({ ...manifest, labels: ['a', 'b', 'c'], samples: undefined }));
    expect((await loadError(bundle)).reason).toBe('model.json: 4 outputs but the manifest lists 3 labels');
  });

  it('fails on a directory without a bundle', async () => {
    expect((await loadError(join(dir, 'nowhere'))).reason).toBe('manifest.json: missing or unreadable');
  });
});
