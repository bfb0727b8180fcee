import fc from 'fast-check';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { derivedFilePath } from '../../lib/model/bundle/derived-files';
import { readVerifiedBundle } from '../../lib/model/bundle/integrity';
import { trainerManifest } from '../../lib/model/bundle/served-manifest';
import {
  decodeTableFile,
  encodeTableFile,
  readVocabulary,
  TABLE_FILE_EXTENSION,
  vectorize,
  vocabularyFromJson,
  type Vocabulary,
} from '../../lib/model/inputs/ngrams';
import { loadClassifier } from '../../lib/model/load-classifier';
import { deriveModelFiles } from '../../scripts/derive-model-files';
import { tempDir, trainFixtureBundle } from './fixture-bundle';

const DEFAULT_MODEL = join(__dirname, '..', '..', 'model');

/** The default model's vocabulary from its JSON, with the sha256 the manifest pins for it. */
function defaultVocabulary(): { json: Buffer; sha256: string; vocabulary: Vocabulary } {
  const bundle = readVerifiedBundle(DEFAULT_MODEL);
  if (!bundle.ok) throw new Error(bundle.reason);
  const file = trainerManifest(bundle.manifest).preprocessing.vocabularyFile;
  const json = bundle.files.get(file)!;
  return { json, sha256: bundle.manifest.files.find((f) => f.path === file)!.sha256, vocabulary: vocabularyFromJson(JSON.parse(json.toString('utf8'))) };
}

describe('the derived vocabulary table file', () => {
  const { json, sha256, vocabulary } = defaultVocabulary();
  const encoded = encodeTableFile(vocabulary, sha256);

  it('reads back to the same vocabulary: every token, its id and idf, and unknown tokens still unknown', () => {
    const decoded = decodeTableFile(encoded, sha256);
    if (typeof decoded === 'string') throw new Error(decoded);
    expect(decoded.size).toBe(vocabulary.size);
    expect(Array.from(decoded.idf)).toEqual(Array.from(vocabulary.idf));
    for (let id = 1; id <= vocabulary.size; id++) expect(decoded.table.get(vocabulary.table.token(id))).toBe(id);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('w:', 'c:', ''), (rest, prefix) => {
        expect(decoded.table.get(prefix + rest)).toBe(vocabulary.table.get(prefix + rest));
      }),
    );
    expect(decoded.ids.get(vocabulary.table.token(7))).toBe(7);
  });

  it('vectorises any text exactly as the JSON vocabulary does', () => {
    const decoded = decodeTableFile(encoded, sha256) as Vocabulary;
    const config = readVerifiedBundle(DEFAULT_MODEL);
    if (!config.ok) throw new Error(config.reason);
    const { preprocessing } = trainerManifest(config.manifest);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const a = vectorize(text, vocabulary, preprocessing);
        const b = vectorize(text, decoded, preprocessing);
        expect(Array.from(b.ids)).toEqual(Array.from(a.ids));
        expect(Array.from(b.weights)).toEqual(Array.from(a.weights));
      }),
      { numRuns: 300 },
    );
  });

  it('is refused, with a reason, when it is not exactly what this vocab.json and table scheme give', () => {
    const flipped = (at: number) => {
      const copy = Buffer.from(encoded);
      copy[at] = copy[at]! ^ 1;
      return copy;
    };
    expect(decodeTableFile(encoded, 'ab'.repeat(32))).toBe('derived from another vocabulary file');
    expect(decodeTableFile(flipped(3), sha256)).toBe('not a table file');
    expect(decodeTableFile(flipped(20), sha256)).toBe('made with another table scheme');
    expect(decodeTableFile(flipped(encoded.length - 1), sha256)).toBe('body checksum does not match');
    expect(decodeTableFile(flipped(500), sha256)).toBe('body checksum does not match');
    expect(decodeTableFile(encoded.subarray(0, 50), sha256)).toBe('not a table file');
  });

  it('trusted (a verified package), skips the scheme and body checksums but still checks its source and layout', () => {
    const copy = Buffer.from(encoded);
    copy[copy.length - 1] = copy[copy.length - 1]! ^ 1;
    // The last byte is token text: the table decodes without noticing, as packaging vouches for the bytes.
    expect(typeof decodeTableFile(copy, sha256, { trusted: true })).toBe('object');
    expect(decodeTableFile(encoded, 'ab'.repeat(32), { trusted: true })).toBe('derived from another vocabulary file');
    expect(decodeTableFile(encoded.subarray(0, 50), sha256, { trusted: true })).toBe('not a table file');
    expect(decodeTableFile(encoded.subarray(0, 200), sha256, { trusted: true })).toBe('truncated');
  });

  it('falls back to the JSON, saying why, when the table file does not apply, and reads the JSON only then', () => {
    let jsonReads = 0;
    const readJson = () => {
      jsonReads++;
      return json;
    };
    expect(readVocabulary(readJson, sha256, encoded).from).toBe('table');
    expect(jsonReads).toBe(0);
    const ignored = readVocabulary(readJson, sha256, Buffer.from('not a table'));
    expect(jsonReads).toBe(1);
    expect(ignored.from).toBe('json');
    expect(ignored.tableIgnored).toBe('not a table file');
    expect(ignored.vocabulary.table.get(vocabulary.table.token(3))).toBe(3);
    const none = readVocabulary(() => json, sha256, undefined);
    expect(none.from).toBe('json');
    expect(none.tableIgnored).toBeUndefined();
  });
});

describe('loadClassifier with derived files', () => {
  let dir: string;
  let cleanup: () => void;
  let modelDir: string;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    ({ modelDir } = await trainFixtureBundle(dir));
  });
  afterAll(() => cleanup());

  const texts = ['what is the weather like tomorrow', 'hello there', 'why was I billed twice', 'play some jazz', ''];

  async function predictions(bundle: string) {
    const classifier = await loadClassifier(bundle);
    try {
      return classifier.classify(texts, 3);
    } finally {
      classifier.dispose();
    }
  }

  it('predicts the same from the table file as from the JSON, and a damaged table file changes nothing', async () => {
    const withoutTable = await predictions(modelDir);
    const copy = join(dir, 'with-table', 'model');
    mkdirSync(join(dir, 'with-table'));
    cpSync(modelDir, copy, { recursive: true });
    // A table left over from an earlier vocabulary (a model trained before) is removed, not shipped with the new one.
    const stale = derivedFilePath(copy, 'f'.repeat(64), TABLE_FILE_EXTENSION);
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, 'old');
    await deriveModelFiles(copy);
    expect(existsSync(stale)).toBe(false);
    const bundle = readVerifiedBundle(copy);
    if (!bundle.ok) throw new Error(bundle.reason);
    const vocabSha = bundle.manifest.files.find((f) => f.path === trainerManifest(bundle.manifest).preprocessing.vocabularyFile)!.sha256;
    const tablePath = derivedFilePath(copy, vocabSha, TABLE_FILE_EXTENSION);
    expect(readFileSync(tablePath).subarray(0, 8).toString('latin1')).toBe('ATNGRAM1');

    const marks = () => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.includes('vocabulary'));
    performance.clearMarks();
    expect(await predictions(copy)).toEqual(withoutTable);
    expect(marks()).toEqual(['atlas:init:vocabulary read from its table file']);

    const damaged = readFileSync(tablePath);
    damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff;
    writeFileSync(tablePath, damaged);
    performance.clearMarks();
    expect(await predictions(copy)).toEqual(withoutTable);
    expect(marks()).toEqual(['atlas:init:vocabulary built']);
  });

  it('refuses to derive from a bundle that fails verification, and writes nothing', async () => {
    const copy = join(dir, 'broken', 'model');
    mkdirSync(join(dir, 'broken'));
    cpSync(modelDir, copy, { recursive: true });
    writeFileSync(join(copy, 'vocab.json'), '{"tokens":[],"idf":[]}');
    await expect(deriveModelFiles(copy)).rejects.toThrow(/vocab\.json/);
    expect(() => readFileSync(join(dir, 'broken', 'model-cache'))).toThrow();
  });
});
