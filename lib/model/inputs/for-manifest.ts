import type { BundleManifest } from '../bundle/manifest';
import { inputKindOf, type ImportedBundleManifest, type ServedManifest } from '../bundle/served-manifest';
import { featuresPreparer } from './features/prepare';
import type { FeaturesInput } from './features/spec';
import { ngramsPreparer } from './ngrams/prepare';
import { vocabularyFromJson } from './ngrams/vocabulary';
import type { InputPreparer } from './preparer';
import { sequencePreparer } from './sequence/prepare';
import type { SequenceInput } from './sequence/spec';
import { wordIndexFromJson } from './sequence/vocabulary';

/** Reads one verified bundle file. */
export type ReadFile = (path: string) => Uint8Array;

/**
 * The preparer of a bundle's input kind, built from its manifest and vocabulary file (if any).
 *
 * @throws Error naming the vocabulary file when it is malformed
 */
export function preparerFor(manifest: ServedManifest, read: ReadFile): InputPreparer {
  const json = (path: string): unknown => {
    try {
      return JSON.parse(Buffer.from(read(path)).toString('utf8'));
    } catch {
      throw new Error(`${path}: not valid JSON`);
    }
  };
  switch (inputKindOf(manifest)) {
    case 'ngrams': {
      const { preprocessing } = manifest as BundleManifest;
      return ngramsPreparer(vocabularyFromJson(json(preprocessing.vocabularyFile)), preprocessing);
    }
    case 'sequence': {
      const input = (manifest as ImportedBundleManifest).input as SequenceInput;
      return sequencePreparer(input, wordIndexFromJson(json(input.vocabularyFile)));
    }
    case 'features':
      return featuresPreparer((manifest as ImportedBundleManifest).input as FeaturesInput);
  }
}
