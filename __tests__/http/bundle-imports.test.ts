import { build, type Metafile, type Plugin } from 'esbuild';
import { join } from 'node:path';

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

/** The files that put code into a handler's bundle (what tree-shaking left), with the bytes each contributes. */
async function bundledCode(handler: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(ROOT, 'handlers', `${handler}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: join(ROOT, '.tmp', `${handler}.js`),
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output!.inputs)
    .filter(([, contribution]) => contribution.bytesInOutput > 0)
    .map(([input]) => input);
}

describe('what each handler bundles', () => {
  it('/health never loads tfjs, the runtimes, the classifier loader or ajv', async () => {
    const inputs = Object.keys(await bundledInputs('health'));
    expect(inputs.some((input) => input.includes('lib/model/bundle/integrity'))).toBe(true);
    expect(inputs.filter((input) => /@tensorflow|lib\/model\/(load-classifier\.ts|tf\/|runtimes\/)|node_modules\/ajv/.test(input))).toEqual([]);
  });

  it('the docs function (playground, OpenAPI) never loads tfjs, the model side, ajv or the openapi validator', async () => {
    const inputs = Object.keys(await bundledInputs('docs'));
    expect(inputs.some((input) => input.includes('lib/playground/playground.html'))).toBe(true);
    expect(inputs.some((input) => input.includes('lib/openapi/document.ts'))).toBe(true);
    expect(inputs.filter((input) => /@tensorflow|lib\/model\/(?!inputs\/kinds\.ts|abstain\/policy\.ts)|lib\/serving\/|node_modules\/(ajv|@seriousme|yaml)\//.test(input))).toEqual([]);
  });

  it('/classify evaluates the serving cpu kernels only: the rest come through the layers runtime\'s dynamic import', async () => {
    const code = await bundledCode('classify');
    const kernels = code.filter((input) => /tfjs-backend-cpu\/dist\/kernels\/[^/]+\.js$/.test(input)).map((input) => input.replace(/.*\//, ''));
    expect(kernels).toEqual(expect.arrayContaining(['_FusedMatMul.js', 'Softmax.js']));
    const inputs = await bundledInputs('classify');
    expect(importersOf(inputs, /register_all_kernels/)).toEqual([{ file: 'lib/model/runtimes/layers/all-cpu-kernels.ts', kind: 'import-statement' }]);
    expect(importersOf(inputs, /runtimes\/layers\/all-cpu-kernels/)).toEqual([{ file: 'lib/model/runtimes/layers/index.ts', kind: 'dynamic-import' }]);
  });

  it('/classify uses the precompiled validator, so ajv is not bundled', async () => {
    const inputs = Object.keys(await bundledInputs('classify'));
    expect(inputs.some((input) => input.includes('lib/http/schemas/generated/classify-request.js'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/ajv'))).toEqual([]);
  });

  it('/classify reaches tfjs-layers only through the layers runtime, and that only through a dynamic import', async () => {
    const inputs = await bundledInputs('classify');
    // Only runtimes/layers/ may import tfjs-layers; bundle/, inputs/, outputs/ and the HTTP side import no tfjs at all.
    expect(importersOf(inputs, /@tensorflow\/tfjs-layers/).map(({ file }) => file)).toEqual(['lib/model/runtimes/layers/runner.ts']);
    const tfjsImporters = importersOf(inputs, /@tensorflow\//).map(({ file }) => file);
    expect(tfjsImporters.filter((file) => /^lib\/(model\/(bundle|inputs|outputs)|http|routes|serving)\/|^handlers\//.test(file))).toEqual([]);
    // ...so the default model's cold start never runs tfjs-layers' module code.
    expect(importersOf(inputs, /runtimes\/layers\/runner/)).toEqual([{ file: 'lib/model/runtimes/layers/index.ts', kind: 'dynamic-import' }]);
  });

  it('the lazy part reaches no tfjs-core module (it shares the loaded one), so esbuild wraps none of them', async () => {
    const inputs = await bundledInputs('classify');
    const reached = new Set<string>();
    const queue = ['lib/model/runtimes/layers/runner.ts', 'lib/model/runtimes/layers/all-cpu-kernels.ts'];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (reached.has(file)) continue;
      reached.add(file);
      queue.push(...(inputs[file]?.imports ?? []).map((i) => i.path));
    }
    expect([...reached].some((file) => file.includes('node_modules/@tensorflow/tfjs-layers/'))).toBe(true);
    expect([...reached].some((file) => file.includes('node_modules/@tensorflow/tfjs-backend-cpu/dist/kernels/Slice.js'))).toBe(true);
    expect([...reached].filter((file) => file.includes('node_modules/@tensorflow/tfjs-core/'))).toEqual([]);
  });
});
