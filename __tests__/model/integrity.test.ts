import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex, verifyBundle } from '../../lib/model/bundle/integrity';
import { parseManifest } from '../../lib/model/bundle/manifest';
import { resolveModelDir } from '../../lib/model/bundle/model-dir';
import { tempDir } from './fixture-bundle';

/** The smallest layers model.json integrity accepts: one 2-unit output layer, one weight file of 2 float32 values. */
const MODEL_JSON = JSON.stringify({
  format: 'layers-model',
  modelTopology: { class_name: 'Model', config: { layers: [{ name: 'out', class_name: 'Dense', config: { units: 2 } }], output_layers: [['out', 0, 0]] } },
  weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'out/bias', shape: [2], dtype: 'float32' }] }],
});

/** A minimal bundle on disk: a manifest pinning three small files (no tfjs needed to check integrity). */
function writeBundle(dir: string, modelJson = MODEL_JSON): Record<string, unknown> {
  const files = { 'model.json': modelJson, 'w.bin': '12345678', 'vocab.json': '{"tokens":[],"idf":[]}' };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  const manifest = {
    formatVersion: 1,
    name: 'tiny',
    version: '1.2.3',
    labels: ['a', 'b'],
    modelFile: 'model.json',
    preprocessing: {
      normalization: { unicode: 'NFKC', lowercase: true },
      tokenization: 'unicode-words',
      wordNgrams: [1, 1],
      charNgrams: null,
      charNgramMode: 'word-bounded',
      maxChars: 100,
      maxNgrams: 10,
      weighting: { tf: 'sublinear', idf: true, norm: 'l2' },
      vocabularyFile: 'vocab.json',
      vocabularySize: 1,
    },
    files: Object.entries(files).map(([path, text]) => ({ path, bytes: Buffer.byteLength(text), sha256: sha256Hex(Buffer.from(text)) })),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

describe('verifyBundle', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('accepts an intact bundle and reports the sha256 of manifest.json as the model sha256', () => {
    writeBundle(dir);
    const check = verifyBundle(dir);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.info).toEqual({
      name: 'tiny',
      version: '1.2.3',
      labels: ['a', 'b'],
      sha256: sha256Hex(readFileSync(join(dir, 'manifest.json'))),
      input: { kind: 'ngrams' },
    });
  });

  it("names a few of the manifest's samples as examples, one per label", () => {
    const manifest = writeBundle(dir);
    const samples = [{ text: 'first a', label: 'a' }, { text: 'second a', label: 'a' }, { text: 'first b', label: 'b' }];
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, samples }));
    const check = verifyBundle(dir);
    expect(check.ok && check.info.examples).toEqual(['first a', 'first b']);
  });

  it('names the altered, truncated or missing file, never an absolute path', () => {
    writeBundle(dir);
    writeFileSync(join(dir, 'model.json'), MODEL_JSON.replace('out', 'OUT'));
    expect(verifyBundle(dir)).toEqual({ ok: false, reason: 'model.json: sha256 does not match the manifest' });
    writeFileSync(join(dir, 'model.json'), '{"m"');
    expect(verifyBundle(dir)).toEqual({ ok: false, reason: `model.json: size 4 bytes does not match the manifest (${MODEL_JSON.length})` });
    writeBundle(dir);
    writeFileSync(join(dir, 'vocab.json'), '');
    expect(verifyBundle(dir)).toMatchObject({ ok: false, reason: expect.stringMatching(/^vocab\.json: size 0 bytes/) });
    const missing = verifyBundle(join(dir, 'absent'));
    expect(missing).toEqual({ ok: false, reason: 'manifest.json: missing or unreadable' });
    expect(JSON.stringify(missing)).not.toContain(dir);
  });

  // Found by the reliability fault suite: with consistent pins but a model that cannot serve the labels, /health
  // (which only verifies) said "ok" while /classify answered 503.
  it('rejects pinned files that do not make a model for the labels', () => {
    const layersModel = JSON.parse(MODEL_JSON);
    const cases: [string, string][] = [
      ['{"m":1}', 'model.json: not a layers or graph model (no topology or weights manifest)'],
      ['{"m"', 'model.json: not valid JSON'],
      [MODEL_JSON.replace('"units":2', '"units":3'), 'model.json: 3 outputs but the manifest lists 2 labels'],
      [MODEL_JSON.replace('"shape":[2]', '"shape":[4]'), 'model.json: weights hold 8 bytes but the model describes 16'],
      [MODEL_JSON.replace('w.bin', 'other.bin'), 'model.json: weight file other.bin is not listed in the manifest'],
      [JSON.stringify({ ...layersModel, weightsManifest: [{ paths: 'w.bin' }] }), 'model.json: malformed weightsManifest'],
    ];
    for (const [modelJson, reason] of cases) {
      writeBundle(dir, modelJson);
      expect(verifyBundle(dir)).toEqual({ ok: false, reason });
    }
  });

  it('rejects a malformed manifest with the field at fault', () => {
    const manifest = writeBundle(dir);
    const cases: [unknown, string][] = [
      [{ ...manifest, formatVersion: 2 }, 'manifest.json: formatVersion must be 1'],
      [{ ...manifest, name: '' }, 'manifest.json: name must be a non-empty string'],
      [{ ...manifest, labels: ['a', 'a'] }, 'manifest.json: labels must be unique'],
      [{ ...manifest, files: [{ path: '../etc/passwd', bytes: 1, sha256: 'a'.repeat(64) }] }, 'manifest.json: files[0].path must be a plain relative path'],
      [{ ...manifest, files: [] }, 'manifest.json: files must list model.json'],
      [[1, 2], 'manifest.json: manifest must be an object'],
    ];
    for (const [json, reason] of cases) {
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(json));
      expect(verifyBundle(dir)).toEqual({ ok: false, reason });
    }
    expect(() => parseManifest({ ...manifest, preprocessing: { ...(manifest.preprocessing as object), wordNgrams: [3, 1] } })).toThrow(
      'preprocessing.wordNgrams must be null or [min, max]',
    );
  });
});

describe('resolveModelDir', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('prefers MODEL_DIR', () => {
    expect(resolveModelDir('/anywhere', { MODEL_DIR: dir })).toBe(dir);
  });

  it('walks up from the start directory to the first model/manifest.json (as from a bundled handler)', () => {
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'manifest.json'), '{}');
    const handlerDir = join(dir, '.esbuild', '.build', 'handlers');
    mkdirSync(handlerDir, { recursive: true });
    expect(resolveModelDir(handlerDir, {})).toBe(join(dir, 'model'));
  });

  it('throws a clear error when there is no bundle', () => {
    expect(() => resolveModelDir(dir, {})).toThrow(/no model bundle found: set MODEL_DIR/);
  });

  it('finds the committed default bundle from the sources', () => {
    expect(resolveModelDir(__dirname, {})).toBe(join(__dirname, '..', '..', 'model'));
  });
});
