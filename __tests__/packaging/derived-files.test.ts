/**
 * What packaging derives beside a model (`scripts/derive-model-files.ts`): the proof that the bundle was verified,
 * which lets a deployed package skip hashing it again, and the layers or graph runtime file, only for models that need it.
 */
import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  derivedFilePath,
  DERIVED_DIR,
  GRAPH_RUNTIME_FILE,
  LAYERS_RUNTIME_FILE,
  NODE_WASM_FILES,
} from '../../lib/model/bundle/derived-files';
import { readVerifiedBundle, sha256Hex } from '../../lib/model/bundle/integrity';
import { PROOF_EXTENSION, provenManifestSha256 } from '../../lib/model/bundle/package-proof';
import { importModel } from '../../scripts/import/import-model';
import { loadClassifier } from '../../lib/model/load-classifier';
import { deriveModelFiles } from '../../scripts/derive-model-files';
import { exampleOptions, LSTM, REVIEW_BAG_GRAPH } from '../import/support/examples';
import { tempDir, trainFixtureBundle } from '../model/fixture-bundle';

jest.setTimeout(60_000);

const manifestSha = (modelDir: string) => sha256Hex(readFileSync(join(modelDir, 'manifest.json')));

/** Runs `body` with `LAMBDA_TASK_ROOT` set as Lambda sets it, then restores the environment. */
function inLambda<T>(taskRoot: string, body: () => T): T {
  const before = process.env.LAMBDA_TASK_ROOT;
  process.env.LAMBDA_TASK_ROOT = taskRoot;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.LAMBDA_TASK_ROOT;
    else process.env.LAMBDA_TASK_ROOT = before;
  }
}

/** Flips one byte of a file in place (same size, other content). */
function flipLastByte(path: string): void {
  const bytes = readFileSync(path);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  writeFileSync(path, bytes);
}

describe('deriving the package files of a trainer bundle', () => {
  const { dir, cleanup } = tempDir('atlas-derive-');
  afterAll(cleanup);
  let modelDir: string;

  beforeAll(async () => {
    ({ modelDir } = await trainFixtureBundle(dir));
  });

  it('writes the proof named by the manifest sha256 and no layers runtime, removing stale ones', async () => {
    const cache = join(dir, DERIVED_DIR);
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, LAYERS_RUNTIME_FILE), '// from a model packaged before');
    writeFileSync(join(cache, `${'e'.repeat(64)}${PROOF_EXTENSION}`), '{}');

    const log = await deriveModelFiles(modelDir);

    expect(log).toContain('embedding-bag runtime');
    expect(existsSync(join(cache, LAYERS_RUNTIME_FILE))).toBe(false);
    expect(existsSync(join(cache, `${'e'.repeat(64)}${PROOF_EXTENSION}`))).toBe(false);
    const proof = JSON.parse(readFileSync(derivedFilePath(modelDir, manifestSha(modelDir), PROOF_EXTENSION), 'utf8'));
    expect(proof.manifestSha256).toBe(manifestSha(modelDir));
    expect(proof.manifest).toBe(readFileSync(join(modelDir, 'manifest.json'), 'utf8'));
    expect(proof.verifiedFiles.map((f: { path: string }) => f.path).sort()).toEqual([
      'model.json',
      'vocab.json',
      'weights.bin',
    ]);
  });

  it('the proof counts only in Lambda, for a bundle inside the task root, and for this very manifest, whose sha256 it gives', async () => {
    await deriveModelFiles(modelDir);
    const sha = manifestSha(modelDir);
    const bytes = readFileSync(join(modelDir, 'manifest.json'));
    expect(provenManifestSha256(modelDir, bytes, {})).toBeUndefined();
    expect(provenManifestSha256(modelDir, bytes, { LAMBDA_TASK_ROOT: dir })).toBe(sha);
    expect(provenManifestSha256(modelDir, bytes, { LAMBDA_TASK_ROOT: join(dir, 'elsewhere') })).toBeUndefined();
    // One byte more (a trailing newline) and the proof no longer speaks for the manifest.
    expect(
      provenManifestSha256(modelDir, Buffer.concat([bytes, Buffer.from('\n')]), { LAMBDA_TASK_ROOT: dir }),
    ).toBeUndefined();
    // A proof whose name does not match the sha256 it states is not one.
    const proofPath = derivedFilePath(modelDir, sha, PROOF_EXTENSION);
    const renamed = derivedFilePath(modelDir, 'f'.repeat(64), PROOF_EXTENSION);
    renameSync(proofPath, renamed);
    try {
      expect(provenManifestSha256(modelDir, bytes, { LAMBDA_TASK_ROOT: dir })).toBeUndefined();
    } finally {
      renameSync(renamed, proofPath);
    }
  });

  it('in a proven package sizes are still checked but hashes are not; anywhere else a changed byte is refused', async () => {
    const copyRoot = join(dir, 'task');
    mkdirSync(copyRoot, { recursive: true });
    const copy = join(copyRoot, 'model');
    execFileSync('cp', ['-r', modelDir, copy]);
    await deriveModelFiles(copy);
    const weights = join(copy, 'weights.bin');
    flipLastByte(weights);

    expect(readVerifiedBundle(copy)).toMatchObject({
      ok: false,
      reason: 'weights.bin: sha256 does not match the manifest',
    });
    // The deployed package is read-only: what packaging hashed is what runs, so only the cheap checks remain.
    expect(inLambda(copyRoot, () => readVerifiedBundle(copy).ok)).toBe(true);
    writeFileSync(weights, Buffer.concat([readFileSync(weights), Buffer.from([0])]));
    expect(inLambda(copyRoot, () => readVerifiedBundle(copy))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^weights\.bin: size/),
    });
  });

  it('in a proven package the model reads its embedding rows from disk as texts use them, and predicts exactly the same', async () => {
    const copyRoot = join(dir, 'task-rows');
    const copy = join(copyRoot, 'model');
    mkdirSync(copyRoot, { recursive: true });
    execFileSync('cp', ['-r', modelDir, copy]);
    await deriveModelFiles(copy);
    const texts = ['my card has not arrived', 'how do I top up', '', 'zzqx', 'refund please '.repeat(40)];

    const fromMemory = await loadClassifier(copy);
    const fromDisk = await inLambda(copyRoot, () => loadClassifier(copy));
    expect(fromDisk.classify(texts, 3)).toEqual(fromMemory.classify(texts, 3));
    // What was read stays as read: the file changed on disk now (same size) changes no answer, while a verification
    // outside Lambda refuses it.
    flipLastByte(join(copy, 'weights.bin'));
    expect(fromDisk.classify(texts, 3)).toEqual(fromMemory.classify(texts, 3));
    expect(readVerifiedBundle(copy)).toMatchObject({ ok: false });
    fromMemory.dispose();
    fromDisk.dispose();
  });

  it('refuses a bundle that fails verification and writes nothing', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    execFileSync('cp', ['-r', modelDir, join(broken, 'model')]);
    flipLastByte(join(broken, 'model', 'weights.bin'));
    await expect(deriveModelFiles(join(broken, 'model'))).rejects.toThrow(/weights\.bin: sha256/);
    expect(existsSync(join(broken, DERIVED_DIR))).toBe(false);
  });
});

describe('deriving the package files of an imported model', () => {
  const { dir, cleanup } = tempDir('atlas-derive-lstm-');
  afterAll(cleanup);

  it('adds the layers runtime file, which loads on its own in plain node', async () => {
    const modelDir = join(dir, 'model');
    await importModel({ ...exampleOptions(LSTM, modelDir), name: 'review-lstm', backend: 'cpu' });
    expect(await deriveModelFiles(modelDir)).toContain('layers runtime');
    const runtimeFile = join(dir, DERIVED_DIR, LAYERS_RUNTIME_FILE);
    const exported = execFileSync(
      process.execPath,
      ['-e', `process.stdout.write(typeof require(${JSON.stringify(runtimeFile)}).loadLayersRuntime)`],
      {
        encoding: 'utf8',
      },
    );
    expect(exported).toBe('function');
  });

  it('an Embedding -> LSTM -> Dense model imported with the backend measured is served by the recurrent runtime: no tfjs file, no .wasm, a stale layers runtime goes', async () => {
    const recurrentPackage = join(dir, 'recurrent-package');
    const modelDir = join(recurrentPackage, 'model');
    await importModel({ ...exampleOptions(LSTM, modelDir), name: 'review-lstm', backend: 'auto' });
    mkdirSync(join(recurrentPackage, DERIVED_DIR), { recursive: true });
    writeFileSync(join(recurrentPackage, DERIVED_DIR, LAYERS_RUNTIME_FILE), '// from a layers model packaged before');
    const log = await deriveModelFiles(modelDir);
    expect(log).toContain('recurrent runtime');
    expect(
      readdirSync(join(recurrentPackage, DERIVED_DIR)).filter((name) => name.endsWith('.js') || name.endsWith('.wasm')),
    ).toEqual([]);
  });

  it('a graph model gets the graph runtime file instead (tfjs-converter, no tfjs-layers), and a stale layers runtime goes', async () => {
    const graphPackage = join(dir, 'graph-package');
    const modelDir = join(graphPackage, 'model');
    await importModel({ ...exampleOptions(REVIEW_BAG_GRAPH, modelDir), backend: 'cpu' });
    mkdirSync(join(graphPackage, DERIVED_DIR), { recursive: true });
    writeFileSync(join(graphPackage, DERIVED_DIR, LAYERS_RUNTIME_FILE), '// from a layers model packaged before');
    const log = await deriveModelFiles(modelDir);
    expect(log).toContain('graph runtime');
    expect(readdirSync(join(graphPackage, DERIVED_DIR)).filter((name) => name.endsWith('.js'))).toEqual([
      GRAPH_RUNTIME_FILE,
    ]);
    const runtimeFile = join(graphPackage, DERIVED_DIR, GRAPH_RUNTIME_FILE);
    const exported = execFileSync(
      process.execPath,
      ['-e', `process.stdout.write(typeof require(${JSON.stringify(runtimeFile)}).loadGraphRuntime)`],
      {
        encoding: 'utf8',
      },
    );
    expect(exported).toBe('function');
  });
});

/** Names of the `.wasm` files in a package's model-cache/. */
const wasmFilesIn = (packageDir: string) =>
  readdirSync(join(packageDir, DERIVED_DIR))
    .filter((name) => name.endsWith('.wasm'))
    .sort();
/** The wasm backend registers itself under this name; minifying keeps the string. */
const WASM_MARKER = /tfjs-backend-wasm-simd\.wasm/;

describe('deriving the package files of an imported model recorded as served on wasm', () => {
  const { dir, cleanup } = tempDir('atlas-derive-wasm-');
  afterAll(cleanup);
  const wasmPackage = join(dir, 'wasm-package');
  const cpuPackage = join(dir, 'cpu-package');

  beforeAll(async () => {
    await importModel({ ...exampleOptions(LSTM, join(wasmPackage, 'model')), name: 'review-lstm', backend: 'wasm' });
    await importModel({ ...exampleOptions(LSTM, join(cpuPackage, 'model')), name: 'review-lstm', backend: 'cpu' });
  });

  it('ships the wasm backend in the runtime file and only the .wasm file Node reads beside it; a cpu model neither, stale ones removed', async () => {
    expect(await deriveModelFiles(join(wasmPackage, 'model'))).toContain(
      'with the wasm backend; copied tfjs-backend-wasm-simd.wasm',
    );
    expect(wasmFilesIn(wasmPackage)).toEqual([...NODE_WASM_FILES]);
    expect(readFileSync(join(wasmPackage, DERIVED_DIR, LAYERS_RUNTIME_FILE), 'utf8')).toMatch(WASM_MARKER);

    mkdirSync(join(cpuPackage, DERIVED_DIR), { recursive: true });
    for (const name of ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'])
      writeFileSync(join(cpuPackage, DERIVED_DIR, name), 'from a wasm model packaged before');
    expect(await deriveModelFiles(join(cpuPackage, 'model'))).toContain('(removed 2 stale .wasm)');
    expect(wasmFilesIn(cpuPackage)).toEqual([]);
    const cpuRuntime = readFileSync(join(cpuPackage, DERIVED_DIR, LAYERS_RUNTIME_FILE), 'utf8');
    expect(cpuRuntime).not.toMatch(WASM_MARKER);
    expect(cpuRuntime).toContain('built without the wasm backend');
  });

  it('a package (handler bundle, model, model-cache) serves it on wasm, away from node_modules, with the cpu scores', async () => {
    await deriveModelFiles(join(wasmPackage, 'model'));
    await deriveModelFiles(join(cpuPackage, 'model'));
    // A copy with the bundle read from the other package: the same handler bundle, only the model differs.
    await buildClassifyHandler(join(wasmPackage, 'handlers', 'classify.js'));
    cpSync(join(wasmPackage, 'handlers'), join(cpuPackage, 'handlers'), { recursive: true });
    const texts = ['a wonderful film, great acting', 'boring and bad, a waste of time'];
    const onWasm = texts.map((text) => classifyInPackage(wasmPackage, text));
    const onCpu = texts.map((text) => classifyInPackage(cpuPackage, text));
    expect(onWasm.map((r) => r.backend)).toEqual(['wasm', 'wasm']);
    expect(onCpu.map((r) => r.backend)).toEqual(['cpu', 'cpu']);
    onWasm.forEach((served, row) => {
      expect(served.label).toBe(onCpu[row]!.label);
      expect(Math.abs(served.score - onCpu[row]!.score)).toBeLessThan(1e-4);
    });
  });
});

const ROOT = join(__dirname, '..', '..');

/** Bundles the /classify handler as serverless.yml does (its esbuild plugins, ESM entry points of tfjs). */
async function buildClassifyHandler(outfile: string): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'handlers', 'classify.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    plugins: require('../../scripts/build/esbuild-plugins.js') as Plugin[],
    outfile,
    logLevel: 'silent',
  });
}

/** One /classify call to the package's handler in plain node, from the package's own directory: its answer and tfjs' backend. */
function classifyInPackage(packageDir: string, text: string): { label: string; score: number; backend: string } {
  const event = JSON.parse(readFileSync(join(ROOT, 'events', 'classify.json'), 'utf8'));
  event.body = JSON.stringify({ text, topK: 2 });
  const script = `
    const { handler } = require('./handlers/classify.js');
    handler(${JSON.stringify(event)}, {}).then((response) => {
      process.stdout.write('\\nRESULT ' + JSON.stringify({ status: response.statusCode, body: JSON.parse(response.body), backend: globalThis._tfengine.backendName }));
    });`;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      LAMBDA_TASK_ROOT: packageDir,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
  });
  const { status, body, backend } = JSON.parse(out.slice(out.lastIndexOf('RESULT ') + 'RESULT '.length));
  expect(status).toBe(200);
  return { label: body.label, score: body.score, backend };
}
