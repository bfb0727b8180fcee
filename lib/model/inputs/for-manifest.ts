import type { BundleManifest } from '../bundle/manifest';
import { inputKindOf, type ImportedBundleManifest, type ServedManifest } from '../bundle/served-manifest';
import { featuresPreparer } from './features/prepare';
import type { FeaturesInput } from './features/spec';
import { ngramsPreparer } from './ngrams/prepare';
import { readDerivedFile } from '../bundle/derived-files';
import { readVocabulary, TABLE_FILE_EXTENSION } from './ngrams';
import type { InputPreparer } from './preparer';
import { sequencePreparer } from './sequence/prepare';
import type { SequenceInput } from './sequence/spec';
import { wordIndexFromJson } from './sequence/vocabulary';

/** Reads one verified bundle file. */
export type ReadFile = (path: string) => Uint8Array;

/** A bundle's preparer, and for n-gram bundles whether the vocabulary came from its derived table file or its JSON. */
export interface PreparedInput {
  preparer: InputPreparer;
  vocabularyFrom?: 'table' | 'json';
}

/**
 * The preparer of a bundle's input kind, built from its manifest and vocabulary file (if any). An n-gram vocabulary
 * is read from the table file derived from it at package time when one is there for this exact `vocab.json`
 * (`bundle/derived-files.ts`), else parsed from the JSON.
 *
 * @param modelDir - where derived files are looked for; without it the JSON is always read
 * @param options.trustDerived - the bundle is a package packaging verified, derived files included (its table file's
 *   checksums are then not computed again)
 * @throws Error naming the vocabulary file when it is malformed
 */
export function preparerFor(manifest: ServedManifest, read: ReadFile, modelDir?: string, { trustDerived = false } = {}): PreparedInput {
  const json = (path: string): unknown => {
    try {
      return JSON.parse(Buffer.from(read(path)).toString('utf8'));
    } catch {
      throw new Error(`${path}: not valid JSON`);
    }
  };
  switch (inputKindOf(manifest)) {
    case 'ngrams': {
      const { preprocessing, files } = manifest as BundleManifest;
      const { vocabularyFile } = preprocessing;
      const sha256 = files.find((file) => file.path === vocabularyFile)?.sha256 ?? '';
      const table = modelDir === undefined ? undefined : readDerivedFile(modelDir, sha256, TABLE_FILE_EXTENSION);
      let loaded: ReturnType<typeof readVocabulary>;
      try {
        loaded = readVocabulary(() => read(vocabularyFile), sha256, table, { trusted: trustDerived });
      } catch (error) {
        if (error instanceof SyntaxError) throw new Error(`${vocabularyFile}: not valid JSON`, { cause: error });
        throw error;
      }
      return { preparer: ngramsPreparer(loaded.vocabulary, preprocessing), vocabularyFrom: loaded.from };
    }
    case 'sequence': {
      const input = (manifest as ImportedBundleManifest).input as SequenceInput;
      return { preparer: sequencePreparer(input, wordIndexFromJson(json(input.vocabularyFile))) };
    }
    case 'features':
      return { preparer: featuresPreparer((manifest as ImportedBundleManifest).input as FeaturesInput) };
  }
}
