import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServedManifest, inputInfoOf, outputOf, trainerManifest } from '../../lib/model/bundle/served-manifest';

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
