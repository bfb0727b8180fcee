import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskReader, fsModelHandler } from '../../lib/model/bundle/fs-io-handler';
import { tfl } from '../../lib/model/tf/index';
import { dropTokens, scheduledRate } from '../../scripts/training/fit';
import { viewMask } from '../../scripts/training/views';
import { tempDir, trainFixtureBundle } from '../model/fixture-bundle';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('ensemble members with views', () => {
  it('leave the rows of the n-grams a member does not see at 0, and train the others', async () => {
    const { modelDir } = await trainFixtureBundle(dir, {
      members: 2,
      views: ['words', 'chars'],
      quantize: 'none',
      epochs: 3,
    });
    const tokens = JSON.parse(readFileSync(join(modelDir, 'vocab.json'), 'utf8')).tokens as string[];
    const model = await tfl.loadLayersModel(fsModelHandler('model.json', diskReader(modelDir)));
    try {
      const table = (name: string) => model.getLayer(name).getWeights()[0]!.arraySync() as number[][];
      const rowsOf = (rows: number[][], prefix: string) =>
        tokens.map((t, i) => [t, rows[i + 1]!] as const).filter(([t]) => t.startsWith(prefix));
      const [words, chars] = [table('m1_ngram_embedding'), table('m2_ngram_embedding')];
      expect(rowsOf(words, 'c:').every(([, row]) => row.every((x) => x === 0))).toBe(true);
      expect(rowsOf(words, 'w:').some(([, row]) => row.some((x) => x !== 0))).toBe(true);
      expect(rowsOf(chars, 'w:').every(([, row]) => row.every((x) => x === 0))).toBe(true);
      expect(rowsOf(chars, 'c:').some(([, row]) => row.some((x) => x !== 0))).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it('viewMask marks ids 1..n by prefix, and "all" needs no mask', () => {
    expect(Array.from(viewMask(['w:card', 'c:ca', 'w:my'], 'words')!)).toEqual([0, 1, 0, 1]);
    expect(Array.from(viewMask(['w:card', 'c:ca', 'w:my'], 'chars')!)).toEqual([0, 0, 1, 0]);
    expect(viewMask(['w:card'], 'all')).toBeUndefined();
  });
});

describe('training regularisers', () => {
  it('token dropout zeroes about the given share of n-grams, scales the rest, and leaves padding alone', () => {
    const weights = new Float32Array(10_000).fill(0.5);
    weights.fill(0, 9_000);
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    dropTokens({ ids: new Int32Array(10_000).fill(1), weights, batch: 1, length: 10_000 }, 0.25, random);
    const kept = weights.subarray(0, 9_000).filter((w) => w > 0);
    expect(kept.length / 9_000).toBeGreaterThan(0.72);
    expect(kept.length / 9_000).toBeLessThan(0.78);
    expect(new Set(kept)).toEqual(new Set([Math.fround(0.5 / 0.75)]));
    expect(weights.subarray(9_000).every((w) => w === 0)).toBe(true);
  });

  it('the cosine schedule starts at the base rate, halves midway and ends near 0', () => {
    expect(scheduledRate('cosine', 0.002, 0, 100)).toBe(0.002);
    expect(scheduledRate('cosine', 0.002, 50, 100)).toBeCloseTo(0.001, 12);
    expect(scheduledRate('cosine', 0.002, 99, 100)).toBeLessThan(0.00001);
    expect(scheduledRate('constant', 0.002, 99, 100)).toBe(0.002);
  });
});
