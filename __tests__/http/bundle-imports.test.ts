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

  it('/classify uses the precompiled validator, so ajv is not bundled', async () => {
    const inputs = Object.keys(await bundledInputs('classify'));
    expect(inputs.some((input) => input.includes('lib/http/schemas/generated/classify-request.js'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/ajv'))).toEqual([]);
  });

  it('/classify never evaluates tfjs for the trainer\'s models: all of it sits behind the layers runtime\'s dynamic imports', async () => {
    const inputs = await bundledInputs('classify');
    // What a cold start evaluates: everything reachable from the handler through static imports only.
    const evaluated = new Set<string>();
    const queue = ['handlers/classify.ts'];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (evaluated.has(file)) continue;
      evaluated.add(file);
      queue.push(...(inputs[file]?.imports ?? []).filter((i) => i.kind !== 'dynamic-import').map((i) => i.path));
    }
    expect(evaluated.has('lib/model/runtimes/embedding-bag/runner.ts')).toBe(true);
    expect([...evaluated].filter((file) => /@tensorflow|lib\/model\/tf\//.test(file))).toEqual([]);
    // The only ways in: the layers runtime's dynamic imports of tfjs (core + cpu backend) and of its runner.
    expect(importersOf(inputs, /lib\/model\/tf\/core|runtimes\/layers\/runner/)).toEqual([
      { file: 'lib/model/runtimes/layers/index.ts', kind: 'dynamic-import' },
      { file: 'lib/model/runtimes/layers/index.ts', kind: 'dynamic-import' },
    ]);
    expect(importersOf(inputs, /@tensorflow\/tfjs-layers/).map(({ file }) => file)).toEqual(['lib/model/runtimes/layers/runner.ts']);
  });

  it('tfjs-layers and the cpu backend share the tfjs-core the layers runtime loaded (no second copy)', async () => {
    const inputs = await bundledInputs('classify');
    const fromLibraries = Object.entries(inputs)
      .filter(([file]) => /node_modules\/@tensorflow\/tfjs-(layers|backend-cpu)\//.test(file))
      .flatMap(([, { imports }]) => imports.map((i) => i.path))
      .filter((path) => path.includes('node_modules/@tensorflow/tfjs-core/'));
    expect(fromLibraries).toEqual([]);
    expect(Object.keys(inputs).some((file) => file.includes('node_modules/@tensorflow/tfjs-layers/'))).toBe(true);
  });
});
