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
    write: false,
    metafile: true,
    logLevel: 'silent',
    outfile: join(ROOT, '.tmp', `${handler}.js`),
  });
  return Object.keys(result.metafile.inputs);
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
  it('/health never loads tfjs, the classifier loader or ajv', async () => {
    const inputs = await bundledInputs('health');
    expect(inputs.some((input) => input.includes('lib/model/bundle/integrity'))).toBe(true);
    expect(inputs.filter((input) => /@tensorflow|lib\/model\/(load-classifier\.ts|tf\/)|node_modules\/ajv/.test(input))).toEqual([]);
  });

  it('/classify carries the serving cpu kernels only, not all of them', async () => {
    const inputs = await bundledCode('classify');
    const kernels = inputs.filter((input) => /tfjs-backend-cpu\/dist\/kernels\/[^/]+\.js$/.test(input)).map((input) => input.replace(/.*\//, ''));
    expect(kernels).toEqual(expect.arrayContaining(['_FusedMatMul.js', 'Softmax.js']));
    expect(kernels.length).toBeLessThan(30);
    expect(inputs.filter((input) => input.includes('register_all_kernels'))).toEqual([]);
  });

  it('/classify uses the precompiled validator, so ajv is not bundled', async () => {
    const inputs = await bundledInputs('classify');
    expect(inputs.some((input) => input.includes('lib/http/schemas/generated/classify-request.js'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules/ajv'))).toEqual([]);
  });
});
