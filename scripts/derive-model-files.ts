/**
 * Writes the optional files derived from a model bundle (today: the vocabulary's table file, see
 * `lib/model/inputs/ngrams/table-file.ts`) into `model-cache/` beside it. `serverless package` and `deploy` run
 * it before bundling (scripts/serverless/derive-model-files.js), so every zip carries them; nothing else needs to.
 *
 *   npx tsx scripts/derive-model-files.ts [model]
 *
 * Writes nothing and exits 1 when the bundle fails verification.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { derivedFilePath } from '../lib/model/bundle/derived-files';
import { readVerifiedBundle } from '../lib/model/bundle/integrity';
import { inputKindOf, trainerManifest } from '../lib/model/bundle/served-manifest';
import { decodeTableFile, encodeTableFile, TABLE_FILE_EXTENSION, vocabularyFromJson } from '../lib/model/inputs/ngrams';

/**
 * Derives the table file of a bundle's vocabulary, unless an intact one is there already.
 *
 * @param modelDir - the bundle directory
 * @returns what was done, for the log
 * @throws Error with the verification reason when the bundle is not intact
 */
export function deriveModelFiles(modelDir: string): string {
  const bundle = readVerifiedBundle(modelDir);
  if (!bundle.ok) throw new Error(`${modelDir}: ${bundle.reason}`);
  if (inputKindOf(bundle.manifest) !== 'ngrams') return `${modelDir}: a ${inputKindOf(bundle.manifest)} bundle, nothing to derive`;
  const { vocabularyFile } = trainerManifest(bundle.manifest).preprocessing;
  const sha256 = bundle.manifest.files.find((file) => file.path === vocabularyFile)!.sha256;
  const target = derivedFilePath(modelDir, sha256, TABLE_FILE_EXTENSION);
  const json = bundle.files.get(vocabularyFile)!;
  const encoded = encodeTableFile(vocabularyFromJson(JSON.parse(json.toString('utf8'))), sha256);
  const readBack = decodeTableFile(encoded, sha256);
  if (typeof readBack === 'string') throw new Error(`${vocabularyFile}: the table file does not read back (${readBack})`);
  mkdirSync(dirname(target), { recursive: true });
  // Written aside and renamed, so a concurrent packager never reads half a file.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, encoded);
  renameSync(partial, target);
  // Table files of earlier vocabularies (a retrained model) would otherwise ride along in every zip, unused.
  const stale = readdirSync(dirname(target)).filter((name) => name.endsWith(TABLE_FILE_EXTENSION) && name !== basename(target));
  for (const name of stale) rmSync(join(dirname(target), name), { force: true });
  return `${vocabularyFile}: table file ${target}` + (stale.length > 0 ? ` (removed ${stale.length} stale)` : '');
}

if (require.main === module) {
  try {
    console.log(deriveModelFiles(resolve(process.argv[2] ?? 'model')));
  } catch (error) {
    console.error(`derive-model-files: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
