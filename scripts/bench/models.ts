import { join } from 'node:path';
import { readVerifiedBundle } from '../../lib/model/bundle/integrity';
import { trainerManifest } from '../../lib/model/bundle/served-manifest';
import { vectorize, vocabularyFromJson } from '../../lib/model/inputs/ngrams';
import { median, sortNumbers } from './stats';
import { projectRoot } from './events';
import { benchTexts } from './texts';

/**
 * A model the bench measures: the packaged functions serving it, beside the plain-tfjs baseline loading the same
 * `model.json`. To add one, append an entry to {@link BENCH_MODELS}: the cold and warm sections run once per model.
 */
export interface BenchModel {
  /** Short name for tables and results.json. */
  id: string;
  /** What it is, for the report. */
  title: string;
  /** The bundle directory. */
  dir: string;
  /**
   * Whether it is the bundle packaged into the zips (`model/`); others are served through `MODEL_DIR`, which works
   * for the trainer's models only: an imported one needs the layers runtime file its own package carries (see
   * `imported-model.ts`, which packages one).
   */
  packaged: boolean;
  /**
   * Length the plain baseline fills unknown input dimensions with (`PLAIN_SEQUENCE_LENGTH`), so it predicts on
   * inputs as long as the bench's requests give our functions.
   */
  sequenceLength: () => number;
}

/** The models measured, the packaged default first. */
export const BENCH_MODELS: readonly BenchModel[] = [
  {
    id: 'default',
    title: 'default model (Banking77 n-gram embedding bag)',
    dir: join(projectRoot, 'model'),
    packaged: true,
    sequenceLength: () => medianNgramCount(join(projectRoot, 'model')),
  },
];

/** The median number of known n-grams in the bench texts: the length our functions' model input has for them. */
export function medianNgramCount(modelDir: string): number {
  const bundle = readVerifiedBundle(modelDir);
  if (!bundle.ok) throw new Error(`${modelDir}: ${bundle.reason}`);
  const { preprocessing } = trainerManifest(bundle.manifest);
  const vocabulary = vocabularyFromJson(JSON.parse(bundle.files.get(preprocessing.vocabularyFile)!.toString('utf8')));
  const lengths = benchTexts(160).map((text) => vectorize(text, vocabulary, preprocessing).ids.length);
  return Math.round(median(sortNumbers(lengths)));
}
