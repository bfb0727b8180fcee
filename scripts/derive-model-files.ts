/**
 * Writes the files a Lambda package needs beside a model bundle into `model-cache/`: the proof that its files were
 * verified (`lib/model/bundle/package-proof.ts`), the vocabulary's table file
 * (`lib/model/inputs/ngrams/table-file.ts`), and the runtime file with tfjs (`scripts/build/layers-runtime.ts`:
 * `layers-runtime.js`, or `graph-runtime.js` for a graph model) when the model is not one the trainer's fast path
 * serves. `serverless package`, `deploy`, `offline` and `invoke local` run it
 * before bundling (scripts/serverless/derive-model-files.js), so every zip carries what its model reads.
 *
 *   npx tsx scripts/derive-model-files.ts [model] [--layers-runtime]
 *
 * `--layers-runtime` writes both runtime files, with the wasm backend and its `.wasm` file, whatever the model (for
 * local runs that point MODEL_DIR elsewhere).
 * Writes nothing and exits 1 when the bundle fails verification.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DERIVED_DIR,
  derivedFilePath,
  NODE_WASM_FILES,
  runtimeFileName,
  TFJS_RUNTIMES,
} from '../lib/model/bundle/derived-files';
import { fsModelHandler } from '../lib/model/bundle/fs-io-handler';
import { readVerifiedBundle, type VerifiedBundle } from '../lib/model/bundle/integrity';
import { writePackageProof } from '../lib/model/bundle/package-proof';
import { inputKindOf, trainerManifest } from '../lib/model/bundle/served-manifest';
import { servingBackendOf } from '../lib/model/bundle/serving';
import { decodeTableFile, encodeTableFile, TABLE_FILE_EXTENSION, vocabularyFromJson } from '../lib/model/inputs/ngrams';
import { chooseRuntime } from '../lib/model/runtimes';
import { buildLayersRuntime } from './build/layers-runtime';

type IntactBundle = Extract<VerifiedBundle, { ok: true }>;

/**
 * Derives what a package of this bundle needs: the vocabulary's table file (unless the bundle has no vocabulary of
 * n-grams) and the runtime file of the tfjs runtime that serves it (layers or graph; both when asked; a stale copy of
 * any other is removed, so the trainer's models ship without tfjs), with the wasm backend and its `.wasm` file only for a bundle
 * served on wasm (or when asked; otherwise stale `.wasm` files are removed).
 *
 * @param modelDir - the bundle directory
 * @returns what was done, for the log
 * @throws Error with the verification reason when the bundle is not intact
 */
export async function deriveModelFiles(modelDir: string, { layersRuntime = false } = {}): Promise<string> {
  const bundle = readVerifiedBundle(modelDir);
  if (!bundle.ok) throw new Error(`${modelDir}: ${bundle.reason}`);
  const proof = writePackageProof(modelDir, bundle.info.sha256, bundle.manifestBytes, bundle.manifest.files);
  const runtime = await runtimeOf(bundle);
  const cacheDir = join(dirname(modelDir), DERIVED_DIR);
  const tfjsRuntime = (TFJS_RUNTIMES as readonly string[]).includes(runtime);
  const wasm = layersRuntime || (tfjsRuntime && servingBackendOf(bundle.manifest) === 'wasm');
  let runtimeDone = `; ${runtime} runtime`;
  for (const name of TFJS_RUNTIMES) {
    const runtimeFile = join(cacheDir, runtimeFileName(name));
    if (runtime === name || layersRuntime) {
      mkdirSync(cacheDir, { recursive: true });
      const partial = `${runtimeFile}.${process.pid}.partial`;
      await buildLayersRuntime(partial, { wasm, runtime: name });
      renameSync(partial, runtimeFile);
      runtimeDone += `, wrote ${runtimeFile}${wasm ? ' with the wasm backend' : ''}`;
    } else if (existsSync(runtimeFile)) {
      rmSync(runtimeFile, { force: true });
      runtimeDone += `, removed ${runtimeFile}`;
    }
  }
  return `${deriveTableFile(modelDir, bundle)}; verified, ${proof}${runtimeDone}${deriveWasmFiles(cacheDir, wasm)}`;
}

/** Copies the `.wasm` files the wasm backend reads in Node beside the runtime file, or removes stale ones. */
function deriveWasmFiles(cacheDir: string, wanted: boolean): string {
  const stale = existsSync(cacheDir)
    ? readdirSync(cacheDir).filter(
        (name) => name.endsWith('.wasm') && !(wanted && (NODE_WASM_FILES as readonly string[]).includes(name)),
      )
    : [];
  for (const name of stale) rmSync(join(cacheDir, name), { force: true });
  const removed = stale.length > 0 ? ` (removed ${stale.length} stale .wasm)` : '';
  if (!wanted) return removed;
  const dist = dirname(require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${NODE_WASM_FILES[0]}`));
  for (const name of NODE_WASM_FILES) {
    const partial = join(cacheDir, `${name}.${process.pid}.partial`);
    copyFileSync(join(dist, name), partial);
    renameSync(partial, join(cacheDir, name));
  }
  return `; copied ${NODE_WASM_FILES.join(', ')}${removed}`;
}

/** The runtime that will serve the bundle (asked exactly as `loadClassifier` asks). */
async function runtimeOf(bundle: IntactBundle): Promise<string> {
  const read = (path: string) => {
    const bytes = bundle.files.get(path);
    if (!bytes) throw new Error(`${path}: not listed in the manifest`);
    return bytes;
  };
  const artifacts = await fsModelHandler(bundle.manifest.modelFile, read).load!();
  return chooseRuntime({ manifest: bundle.manifest, artifacts }).runtime;
}

function deriveTableFile(modelDir: string, bundle: IntactBundle): string {
  if (inputKindOf(bundle.manifest) !== 'ngrams')
    return `${modelDir}: a ${inputKindOf(bundle.manifest)} bundle, no table file`;
  const { vocabularyFile } = trainerManifest(bundle.manifest).preprocessing;
  const sha256 = bundle.manifest.files.find((file) => file.path === vocabularyFile)!.sha256;
  const target = derivedFilePath(modelDir, sha256, TABLE_FILE_EXTENSION);
  const json = bundle.files.get(vocabularyFile)!;
  const encoded = encodeTableFile(vocabularyFromJson(JSON.parse(json.toString('utf8'))), sha256);
  const readBack = decodeTableFile(encoded, sha256);
  if (typeof readBack === 'string')
    throw new Error(`${vocabularyFile}: the table file does not read back (${readBack})`);
  mkdirSync(dirname(target), { recursive: true });
  // Written aside and renamed, so a concurrent packager never reads half a file.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, encoded);
  renameSync(partial, target);
  // Table files of earlier vocabularies (a retrained model) would otherwise ride along in every zip, unused.
  const stale = readdirSync(dirname(target)).filter(
    (name) => name.endsWith(TABLE_FILE_EXTENSION) && name !== basename(target),
  );
  for (const name of stale) rmSync(join(dirname(target), name), { force: true });
  return `${vocabularyFile}: table file ${target}` + (stale.length > 0 ? ` (removed ${stale.length} stale)` : '');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const dir = args.find((arg) => !arg.startsWith('--')) ?? 'model';
  deriveModelFiles(resolve(dir), { layersRuntime: args.includes('--layers-runtime') }).then(
    (done) => console.log(done),
    (error: Error) => {
      console.error(`derive-model-files: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
