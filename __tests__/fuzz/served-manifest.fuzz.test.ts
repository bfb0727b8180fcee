/**
 * The manifest reader on its own (STYLE #7): any JSON, and above all any near-miss of a real imported manifest,
 * gives a typed manifest or a ManifestError naming a field, never another exception (a TypeError would surface as a
 * generic 503 instead of a reason).
 */
import fc from 'fast-check';
import { ManifestError } from '../../lib/model/bundle/manifest';
import { parseServedManifest } from '../../lib/model/bundle/served-manifest';

const sha = 'b'.repeat(64);
const valid = {
  formatVersion: 1,
  name: 'reviews',
  version: '1.0.0',
  createdAt: '2026-01-01T00:00:00.000Z',
  labels: ['negative', 'positive'],
  modelFile: 'model.json',
  input: {
    kind: 'sequence',
    vocabularyFile: 'vocabulary.json',
    style: 'tokenizer',
    lower: true,
    filters: '!?',
    split: ' ',
    oovToken: '<OOV>',
    numWords: null,
    maxLen: 12,
    padding: 'post',
    truncating: 'post',
    replace: [['a', 'b']],
    stopwords: ['the'],
    maxId: 64,
  },
  output: { kind: 'sigmoid' },
  files: [
    { path: 'model.json', bytes: 1, sha256: sha },
    { path: 'vocabulary.json', bytes: 1, sha256: sha },
  ],
  import: { source: {}, kerasFixes: [] },
  tfjsVersion: '4.22.0',
  serving: {
    backend: 'wasm',
    chosenBy: 'measured',
    measured: {
      cpu: { loadMs: 37, singleMedianMs: 2.38, singleCalls: 300, batchPerRowMs: 0.59, batchRows: 32, batchCalls: 40 },
      wasm: { loadMs: 110, singleMedianMs: 1.9, singleCalls: 300, batchPerRowMs: 0.14, batchRows: 32, batchCalls: 40 },
    },
    wasmError: 'kept to fuzz its type',
  },
};

/** Every path to a value inside the valid manifest, e.g. ['input', 'maxLen'] or ['files', 1, 'path']. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
const ALL_PATHS = paths(valid).filter((p) => p.length > 0);

/** The valid manifest with the value at `path` replaced (or deleted, for `undefined`). */
function mutate(path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(valid) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  if (replacement === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = replacement;
  return copy;
}

function parsesOrRefuses(json: unknown): void {
  try {
    parseServedManifest(json);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as Error).message).toMatch(/^manifest\.json: /);
  }
}

describe('parseServedManifest under fuzzing', () => {
  it('accepts the valid manifest', () => {
    expect(parseServedManifest(valid)).toBe(valid);
  });

  it('any single field of an imported manifest replaced by any JSON value, or removed: a manifest or a ManifestError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_PATHS),
        fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
        (path, replacement) => {
          parsesOrRefuses(mutate(path, replacement));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('any JSON at all: a manifest or a ManifestError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ input: fc.record({ kind: fc.constantFrom('sequence', 'features', 'ngrams', 'x') }) }),
        ),
        (json) => {
          parsesOrRefuses(json);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
