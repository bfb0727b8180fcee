/**
 * Every vocabulary form people save beside a text model imports, is told apart from its content (or forced with
 * `vocabularyFormat`), and serves the scores tfjs-layers gives on the ids Keras would have made (1e-5). Ids 0 and
 * shared ids are kept with a warning, printed and in the manifest; forms that are none of these are refused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel } from '../../scripts/import/import-model';
import { tempDir } from '../model/fixture-bundle';
import { exampleOptions, LSTM } from './support/examples';
import { expectClose, servedScores, sigmoidPairs, tfjsPredict } from './support/scores';
import { writeVocabularyForm, type VocabularyFileForm } from './support/vocabulary-files';

jest.setTimeout(60_000);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('atlas-vocab-')));
afterAll(() => cleanup());

const WORDS: Record<string, number> = JSON.parse(readFileSync(join(LSTM, 'word_index.json'), 'utf8'));
const TEXTS = ['Great product, works perfectly!', 'terrible quality; do not buy', 'zzz unknown words only', 'good'];
/** Keras's ids for these texts: lower-cased, punctuation gone, unknown -> 1, post-padded to 12. */
const kerasIds = (text: string) => {
  const ids = text
    .toLowerCase()
    .replace(/[!,;]/g, '')
    .split(' ')
    .map((w) => WORDS[w] ?? 1);
  return [...ids, ...new Array(12 - ids.length).fill(0)];
};

const tfjsScores = async (rows: number[][]) => sigmoidPairs(await tfjsPredict(join(LSTM, 'model'), rows));

describe('each vocabulary form, in the form the tool that writes it writes it', () => {
  it.each<[VocabularyFileForm, string, string]>([
    ['word-index', 'word-index', 'tokenizer'],
    ['tokenizer-json', 'tokenizer-json', 'tokenizer'],
    ['tokenizer-json-dumped-twice', 'tokenizer-json', 'tokenizer'],
    ['vocabulary-array', 'vocabulary-array', 'text-vectorization'],
    ['word-id-pairs', 'word-id-pairs', 'tokenizer'],
    ['token-lines', 'token-lines', 'text-vectorization'],
  ])("%s: told apart as %s, %s style, serving tfjs-layers' scores on Keras's ids", async (form, format, style) => {
    const formDir = join(dir, form);
    mkdirSync(formDir);
    const spec = writeVocabularyForm(formDir, form, WORDS);
    const out = join(formDir, 'bundle');
    const summary = await importModel({ ...exampleOptions(LSTM, out), input: spec });
    expect(summary.manifest.input).toMatchObject({ kind: 'sequence', style });
    expect(summary.manifest.import.vocabulary).toEqual({ format, warnings: [] });
    expectClose(await servedScores(out, TEXTS), await tfjsScores(TEXTS.map(kerasIds)));
  });

  it('vocabularyFormat forces a form: a .txt file whose one line parses as JSON is still read as tokens', async () => {
    const formDir = join(dir, 'forced');
    mkdirSync(formDir);
    writeFileSync(join(formDir, 'vocab.txt'), '["great"]\n');
    writeFileSync(
      join(formDir, 'spec.json'),
      JSON.stringify({ kind: 'sequence', vocabulary: 'vocab.txt', vocabularyFormat: 'token-lines', maxLen: 12 }),
    );
    const summary = await importModel({
      ...exampleOptions(LSTM, join(formDir, 'bundle')),
      input: join(formDir, 'spec.json'),
    });
    expect(summary.manifest.import.vocabulary!.format).toBe('token-lines');
    const stored = JSON.parse(readFileSync(join(formDir, 'bundle', 'vocabulary.json'), 'utf8'));
    expect(stored).toEqual({ '[UNK]': 1, '["great"]': 2 });
  });
});

describe('odd vocabularies the model was trained with', () => {
  it('ids 0 and ids shared by two words are kept, with warnings in the manifest; a word with id 0 reaches the model as padding', async () => {
    const formDir = join(dir, 'odd');
    mkdirSync(formDir);
    const odd = { ...WORDS, great: 0, splendid: WORDS.excellent! };
    writeFileSync(join(formDir, 'word_index.json'), JSON.stringify(odd));
    writeFileSync(
      join(formDir, 'spec.json'),
      JSON.stringify({
        kind: 'sequence',
        vocabulary: 'word_index.json',
        oovToken: '<OOV>',
        maxLen: 12,
        padding: 'post',
        truncating: 'post',
      }),
    );
    const out = join(formDir, 'bundle');
    const summary = await importModel({ ...exampleOptions(LSTM, out), input: join(formDir, 'spec.json') });
    const warnings = summary.manifest.import.vocabulary!.warnings;
    expect(warnings).toEqual([
      expect.stringMatching(/^1 word\(s\) have id 0, the padding id, e.g. "great"/),
      expect.stringMatching(/^1 id\(s\) are shared by several words, e.g. "excellent" and "splendid" = \d+/),
    ]);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).import.vocabulary.warnings).toEqual(warnings);
    const ids = [0, WORDS.product!, ...new Array(10).fill(0)];
    expectClose(await servedScores(out, ['great product']), await tfjsScores([ids]));
  });

  it('leaves out the words at or above numWords, which are served as the OOV id just as unknown words are (as Keras does)', async () => {
    const formDir = join(dir, 'num-words');
    mkdirSync(formDir);
    writeFileSync(join(formDir, 'word_index.json'), JSON.stringify(WORDS));
    writeFileSync(
      join(formDir, 'spec.json'),
      JSON.stringify({
        kind: 'sequence',
        vocabulary: 'word_index.json',
        oovToken: '<OOV>',
        numWords: 6,
        maxLen: 12,
        padding: 'post',
        truncating: 'post',
      }),
    );
    const out = join(formDir, 'bundle');
    await importModel({ ...exampleOptions(LSTM, out), input: join(formDir, 'spec.json') });
    expect(JSON.parse(readFileSync(join(out, 'vocabulary.json'), 'utf8'))).toEqual(
      Object.fromEntries(Object.entries(WORDS).filter(([, id]) => id < 6)),
    );
    const cut = TEXTS.map((text) => kerasIds(text).map((id) => (id >= 6 ? 1 : id)));
    expect(cut.flat().filter((id) => id === 1).length).toBeGreaterThan(
      TEXTS.map(kerasIds)
        .flat()
        .filter((id) => id === 1).length,
    );
    expectClose(await servedScores(out, TEXTS), await tfjsScores(cut));
  });

  it.each<[string, string, string, RegExp]>([
    [
      'a negative id',
      'word_index.json',
      JSON.stringify({ the: -2 }),
      /vocabulary .*word_index\.json: vocabulary word "the" has id -2, not a non-negative integer/,
    ],
    [
      'pairs that are not pairs',
      'vocab.json',
      JSON.stringify([['the', 2], ['cat']]),
      /entry 1 of the vocabulary array is an array, not a \[word, id\] pair/,
    ],
    [
      'a vocabulary array of numbers',
      'vocab.json',
      JSON.stringify(['', '[UNK]', 7]),
      /entry 2 of the vocabulary array is a number \(7\), not a string/,
    ],
    ['an empty token file', 'vocab.txt', '', /the token file has no lines/],
    [
      'a char_level tokenizer',
      'tok.json',
      JSON.stringify({ class_name: 'Tokenizer', config: { char_level: true, word_index: '{}' } }),
      /char_level Tokenizer is not supported/,
    ],
  ])('refuses %s, naming the file, and writes nothing', async (_, name, text, message) => {
    const formDir = join(dir, `bad-${name}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(formDir);
    writeFileSync(join(formDir, name), text);
    writeFileSync(join(formDir, 'spec.json'), JSON.stringify({ kind: 'sequence', vocabulary: name, maxLen: 12 }));
    const out = join(formDir, 'bundle');
    await expect(importModel({ ...exampleOptions(LSTM, out), input: join(formDir, 'spec.json') })).rejects.toThrow(
      message,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown vocabularyFormat, listing the forms', async () => {
    const formDir = join(dir, 'unknown-format');
    mkdirSync(formDir);
    writeFileSync(join(formDir, 'v.json'), '{}');
    writeFileSync(
      join(formDir, 'spec.json'),
      JSON.stringify({ kind: 'sequence', vocabulary: 'v.json', vocabularyFormat: 'csv', maxLen: 12 }),
    );
    await expect(
      importModel({ ...exampleOptions(LSTM, join(formDir, 'bundle')), input: join(formDir, 'spec.json') }),
    ).rejects.toThrow(
      /vocabularyFormat must be one of word-index, tokenizer-json, vocabulary-array, word-id-pairs, token-lines/,
    );
  });
});
