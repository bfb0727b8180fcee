import { build } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The files esbuild would bundle for a handler, as the Lambda package gets it. */
async function bundledInputs(handler: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(ROOT, 'handlers', `${handler}.ts`)],
    bundle: true,
    platform: 'node',
    target: 'node20',
    // As serverless.yml configures it: tfjs backends register themselves through their ESM entry points.
    mainFields: ['module', 'main'],
    loader: { '.html': 'text' },
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: join(ROOT, '.tmp', `${handler}.js`),
  });
  return Object.keys(result.metafile.inputs);
}

describe('what each handler bundles', () => {
  it('/health never loads tfjs, the classifier loader or ajv', async () => {
    const inputs = await bundledInputs('health');
    expect(inputs.some((input) => input.includes('lib/model/bundle/integrity'))).toBe(true);
    expect(inputs.filter((input) => /@tensorflow|lib\/model\/(load-classifier\.ts|tf\/)|node_modules\/ajv/.test(input))).toEqual([]);
  });

  it('the docs function (playground, OpenAPI) never loads tfjs, the model side, ajv or the openapi validator', async () => {
    const inputs = await bundledInputs('docs');
    expect(inputs.some((input) => input.includes('lib/playground/playground.html'))).toBe(true);
    expect(inputs.some((input) => input.includes('lib/openapi/document.ts'))).toBe(true);
    expect(inputs.filter((input) => /@tensorflow|lib\/model\/|lib\/serving\/|node_modules\/(ajv|@seriousme|yaml)\//.test(input))).toEqual([]);
  });

  it('/classify uses the precompiled validator, so ajv is not bundled', async () => {
    const inputs = await bundledInputs('classify');
    expect(inputs.some((input) => input.includes('lib/http/schemas/generated/classify-request.js'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/ajv'))).toEqual([]);
  });
});
