import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServedManifest, inputInfoOf, outputOf, trainerManifest } from '../../lib/model/bundle/served-manifest';
import { exampleTexts } from '../../lib/model/bundle/samples';
import { servingBackendOf } from '../../lib/model/bundle/serving';

const DEFAULT_MANIFEST = JSON.parse(readFileSync(join(__dirname, '..', '..', 'model', 'manifest.json'), 'utf8'));
const sha = 'a'.repeat(64);

/** An imported features bundle's manifest, as `npm run import-model` writes it. */
const imported = () => ({
  formatVersion: 1,
  name: 'churn',
  version: '1.0.0',
  createdAt: '2026-01-01T00:00:00.000Z',
  labels: ['stays', 'leaves'],
  modelFile: 'model.json',
  input: { kind: 'features', names: ['age', 'tenure'], mean: [40, 12], scale: [10, 6] },
  output: { kind: 'sigmoid' },
  files: [
    { path: 'model.json', bytes: 10, sha256: sha },
    { path: 'weights.bin', bytes: 8, sha256: sha },
  ],
  import: { source: {}, kerasFixes: ['batch-shape'] },
  tfjsVersion: '4.22.0',
});

describe('servable manifests', () => {
  it('reads the shipped trainer manifest, which has no input tag, as ngrams with a softmax output', () => {
    const manifest = parseServedManifest(DEFAULT_MANIFEST);
    expect(inputInfoOf(manifest)).toEqual({ kind: 'ngrams' });
    expect(outputOf(manifest)).toEqual({ kind: 'softmax' });
    expect(trainerManifest(manifest).preprocessing.vocabularyFile).toBe('vocab.json');
  });

  it('reads an imported manifest by its input kind tag', () => {
    const manifest = parseServedManifest(imported());
    expect(inputInfoOf(manifest)).toEqual({ kind: 'features', features: ['age', 'tenure'] });
    expect(outputOf(manifest)).toEqual({ kind: 'sigmoid' });
    expect(() => trainerManifest(manifest)).toThrow('a features bundle, not one made by the trainer');
  });

  it.each([
    ['an unknown input kind', (m: any) => (m.input.kind = 'images'), 'input.kind "images" is unknown (ngrams, sequence or features)'],
    ['an unknown output kind', (m: any) => (m.output.kind = 'relu'), 'output.kind must be one of softmax, sigmoid, logits'],
    ['a scale of the wrong length', (m: any) => (m.input.scale = [1]), 'input.scale must hold 2 finite numbers, one per name'],
    ['a sequence vocabulary not pinned', (m: any) => (m.input = { kind: 'sequence', vocabularyFile: 'vocabulary.json', style: 'tokenizer', lower: true, filters: '', split: ' ', oovToken: null, numWords: null, maxLen: 5, maxId: 9, padding: 'pre', truncating: 'pre', replace: [], stopwords: [] }), 'files must list vocabulary.json'],
    ['a replace pattern that is no regular expression', (m: any) => (m.input = { kind: 'sequence', vocabularyFile: 'weights.bin', style: 'tokenizer', lower: true, filters: '', split: ' ', oovToken: null, numWords: null, maxLen: 5, maxId: 9, padding: 'pre', truncating: 'pre', replace: [['(', '']], stopwords: [] }), 'input.replace: "(" is not a valid regular expression'],
    ['a path that climbs out of the bundle', (m: any) => (m.files[1].path = '../etc/passwd'), 'files[1].path must be a plain relative path'],
  ])('refuses %s, naming the field', (_name, edit, message) => {
    const manifest = imported();
    edit(manifest);
    expect(() => parseServedManifest(manifest)).toThrow(`manifest.json: ${message}`);
  });
});

const timing = () => ({ loadMs: 40, singleMedianMs: 2.4, singleCalls: 300, batchPerRowMs: 0.6, batchRows: 32, batchCalls: 40 });

describe('the serving backend an imported manifest records', () => {
  it('reads a recorded backend with its figures, and takes cpu for a manifest from before the record (and a trainer one)', () => {
    const withRecord = { ...imported(), serving: { backend: 'wasm', chosenBy: 'measured', measured: { cpu: timing(), wasm: timing() } } };
    expect(servingBackendOf(parseServedManifest(withRecord))).toBe('wasm');
    expect(servingBackendOf(parseServedManifest(imported()))).toBe('cpu');
    expect(servingBackendOf(parseServedManifest(DEFAULT_MANIFEST))).toBe('cpu');
    const fellBack = { ...imported(), serving: { backend: 'cpu', chosenBy: 'wasm-failed', measured: { cpu: timing() }, wasmError: 'no .wasm' } };
    expect(servingBackendOf(parseServedManifest(fellBack))).toBe('cpu');
  });

  it.each([
    ['an unknown backend', (s: any) => (s.backend = 'webgl'), 'serving.backend must be one of cpu, wasm (got "webgl")'],
    ['no backend', (s: any) => delete s.backend, 'serving.backend must be one of cpu, wasm (got undefined)'],
    ['an unknown chooser', (s: any) => (s.chosenBy = 'guess'), 'serving.chosenBy must be one of measured, user, wasm-failed'],
    ['figures of an unknown backend', (s: any) => (s.measured.webgl = timing()), 'serving.measured.webgl is not a backend (cpu, wasm)'],
    ['a negative time', (s: any) => (s.measured.cpu.singleMedianMs = -1), 'serving.measured.cpu.singleMedianMs must be a number of ms'],
    ['a count that is not one', (s: any) => (s.measured.wasm.batchRows = 0.5), 'serving.measured.wasm.batchRows must be a positive count'],
    ['no figures', (s: any) => (s.measured = null), 'serving.measured must be an object'],
    ['a wasm error that is no text', (s: any) => (s.wasmError = 3), 'serving.wasmError must be a string'],
  ])('refuses %s, naming the field', (_name, edit, message) => {
    const manifest: any = { ...imported(), serving: { backend: 'cpu', chosenBy: 'measured', measured: { cpu: timing(), wasm: timing() } } };
    edit(manifest.serving);
    expect(() => parseServedManifest(manifest)).toThrow(`manifest.json: ${message}`);
  });

  it('refuses a serving record that is not an object', () => {
    expect(() => parseServedManifest({ ...imported(), serving: 'wasm' })).toThrow('manifest.json: serving must be an object');
  });
});

describe('the samples a manifest carries for the deployment smoke test', () => {
  const sequence = () => ({ ...imported(), labels: ['neg', 'pos'], input: { kind: 'sequence', vocabularyFile: 'weights.bin', style: 'tokenizer', lower: true, filters: '', split: ' ', oovToken: null, numWords: null, maxLen: 5, maxId: 9, padding: 'pre', truncating: 'pre', replace: [], stopwords: [] }, output: { kind: 'softmax' } });

  it('reads samples in a trainer and an imported text manifest, and manifests without them as before', () => {
    const trainer = { ...DEFAULT_MANIFEST, samples: [{ text: 'where is my card?', label: 'card_arrival' }] };
    expect(parseServedManifest(trainer).samples).toEqual([{ text: 'where is my card?', label: 'card_arrival' }]);
    expect(parseServedManifest({ ...sequence(), samples: [{ text: 'great film', label: 'pos' }] }).samples).toHaveLength(1);
    const { samples: _none, ...withoutSamples } = DEFAULT_MANIFEST;
    expect(parseServedManifest(withoutSamples).samples).toBeUndefined();
  });

  it.each([
    ['samples that are not an array', { samples: 'many' }, 'samples must be an array'],
    ['an empty text', { samples: [{ text: ' ', label: 'card_arrival' }] }, 'samples[0].text must be a non-empty string'],
    ['a label the model does not have', { samples: [{ text: 'hi', label: 'greeting' }] }, "samples[0].label must be one of the manifest's labels"],
    ['too many rows', { samples: Array.from({ length: 501 }, () => ({ text: 'hi', label: 'card_arrival' })) }, 'samples must hold at most 500 rows'],
  ])('refuses %s in a trainer manifest, naming the field', (_name, edit, message) => {
    expect(() => parseServedManifest({ ...DEFAULT_MANIFEST, ...edit })).toThrow(`manifest.json: ${message}`);
  });

  it('refuses samples of a wrong label in an imported manifest, and any samples in a features one', () => {
    expect(() => parseServedManifest({ ...sequence(), samples: [{ text: 'x', label: 'neutral' }] })).toThrow("samples[0].label must be one of the manifest's labels");
    expect(() => parseServedManifest({ ...imported(), samples: [{ text: 'x', label: 'stays' }] })).toThrow('samples are texts, and a features bundle takes no text');
  });

  it('gives /health its examples: the first sample of each label, in order, at most three', () => {
    const rows = [['a1', 'a'], ['a2', 'a'], ['b1', 'b'], ['c1', 'c'], ['c2', 'c'], ['d1', 'd']].map(([text, label]) => ({ text: text!, label: label! }));
    expect(exampleTexts(rows)).toEqual(['a1', 'b1', 'c1']);
    expect(exampleTexts(rows.slice(0, 2))).toEqual(['a1']);
    expect(exampleTexts([])).toEqual([]);
  });
});
