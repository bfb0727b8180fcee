import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClassifier, ModelLoadError } from '../../lib/model/load-classifier';
import { trainBundle, type TrainOptions, type TrainResult } from '../../scripts/training/pipeline';

/** The small four-intent CSV written for these tests (weather, greeting, billing, music; 20 rows each). */
export const FIXTURE_CSV = join(__dirname, '..', 'fixtures', 'model', 'intents.csv');

/** Trainer settings that learn the fixture in about a second. */
export function fixtureOptions(overrides: Partial<TrainOptions> = {}): TrainOptions {
  return {
    data: FIXTURE_CSV,
    out: join(tmpdir(), 'unused'),
    textColumn: 'text',
    labelColumn: 'label',
    epochs: 15,
    // Fixed epochs, so these tests keep measuring what they always did; early stopping has its own tests.
    patience: 0,
    seed: 7,
    valFraction: 0.2,
    batchSize: 8,
    learningRate: 0.05,
    embeddingDim: 16,
    hiddenUnits: 0,
    dropout: 0,
    members: 1,
    views: ['all'],
    tokenDropout: 0,
    labelSmoothing: 0,
    lrSchedule: 'constant',
    l2: 0,
    minDf: 1,
    maxVocab: 5000,
    wordNgrams: [1, 2],
    charNgrams: [2, 4],
    charMode: 'word-bounded',
    maxChars: 500,
    maxNgrams: 256,
    quantize: 'uint8',
    quantizeBits: 8,
    name: 'fixture-intents',
    modelVersion: '0.0.1',
    citation: 'written for the tests',
    licence: 'MIT',
    ...overrides,
  };
}

/** Out-of-scope texts of several topics, for the fixture with an out-of-scope label. */
export const OOS_TEXTS = [
  'recipe for lasagne',
  'who won the football',
  'asdf qwer zxcv',
  'translate cat into german',
  'how tall is everest',
];

/** Writes the fixture plus `texts` labelled `none` into `dir`, and returns the CSV's path. */
export function fixtureWithOos(dir: string, texts: readonly string[] = OOS_TEXTS): string {
  const path = join(dir, `with-oos-${texts.length}.csv`);
  writeFileSync(path, readFileSync(FIXTURE_CSV, 'utf8').trimEnd() + '\n' + texts.map((t) => `${t},none`).join('\n') + '\n');
  return path;
}

/** A temp directory removed by the returned cleanup function. */
export function tempDir(prefix = 'atlas-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Trains the fixture bundle into `<dir>/bundle`. */
export async function trainFixtureBundle(dir: string, overrides: Partial<TrainOptions> = {}): Promise<{ modelDir: string; result: TrainResult }> {
  const modelDir = join(dir, 'bundle');
  const result = await trainBundle(fixtureOptions({ out: modelDir, ...overrides }));
  return { modelDir, result };
}

/** Loads a bundle that must be refused, and returns the error (failing the test if the load succeeds). */
export async function loadError(bundle: string): Promise<ModelLoadError> {
  const error = await loadClassifier(bundle).then(
    (classifier) => {
      classifier.dispose();
      throw new Error('expected the load to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelLoadError);
  return error as ModelLoadError;
}
