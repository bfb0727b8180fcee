import { build, type Metafile, type Plugin } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { GRAPH_RUNTIME_FILE, LAYERS_RUNTIME_FILE } from '../../lib/model/bundle/derived-files';
import { sha256Hex } from '../../lib/model/bundle/integrity';
import { buildLayersRuntime, LAYERS_RUNTIME_BUILD } from '../../scripts/build/layers-runtime';

const ROOT = join(__dirname, '..', '..');
/** The esbuild plugins serverless.yml configures (`custom.esbuild.plugins`). */
const PLUGINS = require('../../scripts/build/esbuild-plugins.js') as Plugin[];

/** The files esbuild would bundle for a handler, as the Lambda package gets it, with what each imports. */
async function bundledInputs(handler: string): Promise<Metafile['inputs']> {
  const result = await build({
    entryPoints: [join(ROOT, 'handlers', `${handler}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    // As serverless.yml configures it: tfjs backends register themselves through their ESM entry points.
    mainFields: ['module', 'main'],
    loader: { '.html': 'text' },
    plugins: PLUGINS,
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: join(ROOT, '.tmp', `${handler}.js`),
  });
  return result.metafile.inputs;
}

/** Every bundled file of ours (under lib/ or handlers/) that imports a path matching `target`, with how. */
function importersOf(inputs: Metafile['inputs'], target: RegExp): { file: string; kind: string }[] {
  return Object.entries(inputs)
    .filter(([file]) => /^(lib|handlers)\//.test(file))
    .flatMap(([file, { imports }]) => imports.filter((i) => target.test(i.path)).map((i) => ({ file, kind: i.kind })));
}

describe('what each handler bundles', () => {
  it('/health never loads tfjs, the runtimes, the classifier loader or ajv', async () => {
    const inputs = Object.keys(await bundledInputs('health'));
    expect(inputs.some((input) => input.includes('lib/model/bundle/integrity'))).toBe(true);
    expect(
      inputs.filter((input) =>
        /@tensorflow|lib\/model\/(load-classifier\.ts|tf\/|runtimes\/)|node_modules\/ajv/.test(input),
      ),
    ).toEqual([]);
  });

  it('the docs function (playground, OpenAPI) never loads tfjs, the model side, ajv or the openapi validator', async () => {
    const inputs = Object.keys(await bundledInputs('docs'));
    expect(inputs.some((input) => input.includes('lib/playground/playground.html'))).toBe(true);
    expect(inputs.some((input) => input.includes('lib/openapi/document.ts'))).toBe(true);
    // The schemas' vocabulary files of the model side import nothing: kinds, methods and the samples' count.
    expect(
      inputs.filter((input) =>
        /@tensorflow|lib\/model\/(?!inputs\/kinds\.ts|abstain\/policy\.ts|explain\/methods\.ts|bundle\/samples\.ts)|lib\/serving\/|node_modules\/(ajv|@seriousme|yaml)\//.test(
          input,
        ),
      ),
    ).toEqual([]);
  });

  it('/classify uses the precompiled validator, so ajv is not bundled', async () => {
    const inputs = Object.keys(await bundledInputs('classify'));
    expect(inputs.some((input) => input.includes('lib/http/schemas/generated/classify-request.js'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/ajv'))).toEqual([]);
  });

  it('/classify bundles no tfjs at all: the layers and graph runtimes are files of their own, required only when a model needs one', async () => {
    const inputs = await bundledInputs('classify');
    expect(Object.keys(inputs).some((file) => file.includes('lib/model/runtimes/embedding-bag/runner.ts'))).toBe(true);
    expect(Object.keys(inputs).some((file) => file.includes('lib/model/runtimes/graph/index.ts'))).toBe(true);
    expect(
      Object.keys(inputs).filter((file) =>
        /@tensorflow|lib\/model\/tf\/|runtimes\/(layers|graph)\/(load|runner)\.ts/.test(file),
      ),
    ).toEqual([]);
    // The only ways in: each runtime's dynamic import, resolved to a module that requires its packaged file.
    const lookups = Object.keys(inputs).filter((file) => file.startsWith('atlas-classifier:tfjs-runtime:'));
    expect(lookups.sort()).toEqual([
      'atlas-classifier:tfjs-runtime:graph-runtime',
      'atlas-classifier:tfjs-runtime:layers-runtime',
    ]);
    expect(importersOf(inputs, /(layers|graph)-runtime$/).sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'lib/model/runtimes/graph/index.ts', kind: 'dynamic-import' },
      { file: 'lib/model/runtimes/layers/index.ts', kind: 'dynamic-import' },
    ]);
  });

  it('the layers runtime file holds tfjs-core, its cpu backend and tfjs-layers, built as serverless.yml builds the handlers', async () => {
    const esbuildConfig = (
      parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as { custom: { esbuild: Record<string, unknown> } }
    ).custom.esbuild;
    for (const key of ['bundle', 'minify', 'platform', 'target', 'format', 'mainFields'] as const) {
      expect([key, LAYERS_RUNTIME_BUILD[key]]).toEqual([key, esbuildConfig[key]]);
    }
    const out = join(mkdtempSync(join(tmpdir(), 'atlas-runtime-')), LAYERS_RUNTIME_FILE);
    try {
      await buildLayersRuntime(out);
      const code = readFileSync(out, 'utf8');
      // tfjs-core's, tfjs-layers' (class names survive minifying) and the cpu backend's kernels.
      expect(
        ['not found in registry', 'IS_BROWSER', 'Sequential', 'LSTMCell', 'Bidirectional'].filter(
          (marker) => !code.includes(marker),
        ),
      ).toEqual([]);
      expect(code).toMatch(/backendName:"cpu",kernelFunc:/);
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
    }
  });

  it('the graph runtime file holds tfjs-core, its cpu backend and tfjs-converter, and no tfjs-layers', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'atlas-runtime-')), GRAPH_RUNTIME_FILE);
    try {
      await buildLayersRuntime(out, { runtime: 'graph' });
      const code = readFileSync(out, 'utf8');
      // tfjs-converter's op mappers are keyed by TensorFlow op names, which survive minifying.
      expect(
        ['not found in registry', '_FusedMatMul', 'GatherV2', 'loadGraphModel'].filter(
          (marker) => !code.includes(marker),
        ),
      ).toEqual([]);
      expect(code).toMatch(/backendName:"cpu",kernelFunc:/);
      expect(['Bidirectional', 'GlobalAveragePooling1D'].filter((marker) => code.includes(marker))).toEqual([]);
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
    }
  });

  it("Node's crypto and web streams, imported at the top of middy, Powertools and our modules, load only when used", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-lazy-'));
    try {
      const entry = `import middy from '@middy/core';
         import { Logger } from '@aws-lambda-powertools/logger';
         import { sha256Hex } from ${JSON.stringify(join(ROOT, 'lib/model/bundle/integrity'))};
         export const run = async () => {
           const logger = new Logger({ serviceName: 'lazy-test', logLevel: 'ERROR' });
           const handler = middy().handler(async () => ({ statusCode: 200 }));
           const response = await handler({}, {} as never);
           logger.error('logged');
           return { status: response.statusCode, hash: () => sha256Hex(new Uint8Array([1])) };
         };`;
      const out = join(dir, 'bundle.js');
      await build({
        stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' },
        outfile: out,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        mainFields: ['module', 'main'],
        plugins: PLUGINS,
        logLevel: 'silent',
      });
      // Run as a file: \`node -e\` preloads node:crypto.
      const probe = join(dir, 'probe.js');
      writeFileSync(
        probe,
        `const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);
         require(${JSON.stringify(out)}).run().then(({ status, hash }) => {
           const before = { crypto: loaded('crypto'), webStreams: loaded('internal/webstreams/readablestream') };
           const digest = hash();
           process.stderr.write('\\nRESULT ' + JSON.stringify({ status, before, digest, cryptoAfter: loaded('crypto') }) + '\\n');
         });`,
      );
      const { stderr } = spawnSync(process.execPath, [probe], { encoding: 'utf8' });
      const report =
        stderr.split('\n').find((line) => line.startsWith('RESULT ')) ?? `RESULT ${JSON.stringify(stderr)}`;
      expect(JSON.parse(report.slice('RESULT '.length))).toEqual({
        status: 200,
        before: { crypto: false, webStreams: false },
        digest: sha256Hex(new Uint8Array([1])),
        cryptoAfter: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
