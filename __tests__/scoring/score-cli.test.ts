/**
 * `npm run score` end to end: real files in, real files out, through worker threads and the default model.
 */
import '../http/support/quiet-env';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { handler as batchHandler } from '../../handlers/classify-batch';
import { bodyOf, jsonEvent, lambdaContext } from '../http/support/events';
import { tempDir } from '../model/fixture-bundle';
import { scoreCli } from './support/score-cli';

jest.setTimeout(120_000);

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('atlas-score-')));
afterAll(() => cleanup());

const PHRASES = [
  'I am still waiting on my card?',
  'how do I top up with cash',
  'I want a refund',
  'what is the exchange rate',
  'my pin is blocked',
];

/** The answers of POST /classify/batch for these items (128 a request, the API's limit). */
async function apiAnswers(items: Array<{ id: string; text: string }>): Promise<Array<Record<string, unknown>>> {
  const answers: Array<Record<string, unknown>> = [];
  for (let i = 0; i < items.length; i += 128) {
    const response = await batchHandler(
      jsonEvent({ items: items.slice(i, i + 128), topK: 2 }, '/classify/batch'),
      lambdaContext(),
    );
    answers.push(...bodyOf(response).results);
  }
  return answers;
}

function csvQuote(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Nothing but the given files in the directory: no temporary output left behind. */
function filesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}

describe('npm run score', () => {
  it('scores a CSV on two workers: every row in input order, the answers of /classify/batch, unclassifiable rows with an error', async () => {
    const folder = join(dir, 'csv');
    mkdirSync(folder);
    // 700 rows: three chunks, so two workers answer out of order and the writer must restore it.
    const rows = Array.from({ length: 700 }, (_, i) => ({
      id: `t${i}`,
      text: `${PHRASES[i % PHRASES.length]} ${i % 7 === 0 ? 'please, "now"\nthanks' : ''}`.trim(),
    }));
    rows[5]!.text = '   ';
    rows[600]!.text = 'x'.repeat(2001);
    writeFileSync(join(folder, 'in.csv'), `id,text\n${rows.map((r) => `${r.id},${csvQuote(r.text)}`).join('\n')}\n`);

    const run = await scoreCli([
      '--input',
      join(folder, 'in.csv'),
      '--output',
      join(folder, 'out.csv'),
      '--workers',
      '2',
      '--top-k',
      '2',
    ]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^scored 700 rows \(2 refused\) in \d+\.\d s, \d+ rows\/s -> .*out\.csv\n$/);
    expect(filesIn(folder)).toEqual(['in.csv', 'out.csv']);

    const out = parse(readFileSync(join(folder, 'out.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(out[0]!)).toEqual(['row', 'id', 'label', 'score', 'abstained', 'top', 'error']);
    expect(out.map((r) => r.row)).toEqual(rows.map((_, i) => String(i + 1)));
    expect(out.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(out[5]).toEqual({
      row: '6',
      id: 't5',
      label: '',
      score: '',
      abstained: '',
      top: '',
      error: 'text is empty',
    });
    expect(out[600]!.error).toBe('text is longer than 2000 characters');

    const classified = rows.filter((_, i) => i !== 5 && i !== 600);
    const api = await apiAnswers(classified);
    const fromFile = out
      .filter((r) => r.error === '')
      .map((r) => ({
        id: r.id,
        label: r.label,
        score: Number(r.score),
        top: JSON.parse(r.top!),
        abstained: r.abstained === 'true',
      }));
    expect(fromFile).toEqual(api);
  });

  it('reads gzipped JSON Lines with named text and id fields and writes JSON Lines; rows are numbered when there is no id', async () => {
    const folder = join(dir, 'jsonl');
    mkdirSync(folder);
    const lines = [
      { ticket: 7, body: PHRASES[0] },
      { ticket: 8, body: 12 },
      { body: PHRASES[2] },
      { ticket: 'x9', body: PHRASES[3] },
    ];
    writeFileSync(join(folder, 'in.jsonl.gz'), gzipSync(`${lines.map((l) => JSON.stringify(l)).join('\r\n')}\n\n`));
    const run = await scoreCli([
      '--input',
      join(folder, 'in.jsonl.gz'),
      '--output',
      join(folder, 'out.jsonl'),
      '--text-column',
      'body',
      '--id-column',
      'ticket',
      '--workers',
      '1',
    ]);
    expect(run.code).toBe(0);
    const out = readFileSync(join(folder, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => [o.row, o.ticket, o.label === undefined ? o.error : typeof o.label])).toEqual([
      [1, 7, 'string'],
      [2, 8, 'body must be a string'],
      [3, undefined, 'string'],
      [4, 'x9', 'string'],
    ]);
    expect(Object.keys(out[0])).toEqual(['row', 'ticket', 'label', 'score', 'abstained']);

    writeFileSync(join(folder, 'no-ids.csv'), `text\n${PHRASES[0]}\n${PHRASES[1]}\n`);
    const numbered = await scoreCli([
      '--input',
      join(folder, 'no-ids.csv'),
      '--output',
      join(folder, 'no-ids.out.csv'),
      '--workers',
      '1',
    ]);
    expect(numbered.code).toBe(0);
    const csv = parse(readFileSync(join(folder, 'no-ids.out.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];
    expect(csv.map((r) => [r.row, r.label])).toEqual([
      ['1', 'card_arrival'],
      ['2', expect.any(String)],
    ]);
    expect(Object.keys(csv[0]!)).toEqual(['row', 'label', 'score', 'abstained', 'error']);
  });

  describe('a malformed input stops the run with the line, writes nothing and leaves an existing output alone', () => {
    it.each([
      [
        'broken CSV quoting',
        'in.csv',
        'id,text\n1,fine\n2,"unterminated\n3,more\n',
        /in\.csv: malformed CSV: .*line \d/,
      ],
      ['a CSV row with too many fields', 'in.csv', 'id,text\n1,fine\n2,too,many\n', /in\.csv: malformed CSV: .*line 3/],
      ['a line that is not JSON', 'in.jsonl', '{"text":"fine"}\n\n{"text": broken}\n', /in\.jsonl: line 3 is not JSON/],
      [
        'a JSON line that is not an object',
        'in.jsonl',
        '{"text":"fine"}\n["a"]\n',
        /in\.jsonl: line 2 is not a JSON object/,
      ],
      [
        'a CSV without the text column',
        'in.csv',
        'id,body\n1,fine\n',
        /in\.csv: line 1 \(the header\) has no column "text"; columns found: id, body/,
      ],
      ['a file that is not gzip', 'in.csv.gz', 'id,text\n1,fine\n', /in\.csv\.gz: not a valid gzip file/],
      ['an empty CSV', 'in.csv', '', /in\.csv: empty; a CSV needs a header row/],
    ])('%s', async (_what, name, content, message) => {
      const folder = join(dir, `bad-${name}-${Math.random().toString(36).slice(2)}`);
      mkdirSync(folder);
      writeFileSync(join(folder, name), content);
      writeFileSync(join(folder, 'out.csv'), 'previous run\n');
      const run = await scoreCli([
        '--input',
        join(folder, name),
        '--output',
        join(folder, 'out.csv'),
        '--workers',
        '1',
      ]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/^error: [^\n]+\n$/); // one line, no stack trace
      expect(readFileSync(join(folder, 'out.csv'), 'utf8')).toBe('previous run\n');
      expect(filesIn(folder)).toEqual([name, 'out.csv'].sort());
    });
  });

  it('refuses bad options with one line: an unknown extension, an id column asked for by name that the file lacks, a folder without a bundle', async () => {
    const folder = join(dir, 'options');
    mkdirSync(folder);
    writeFileSync(join(folder, 'in.csv'), `text\n${PHRASES[0]}\n`);
    const extension = await scoreCli(['--input', join(folder, 'in.csv'), '--output', join(folder, 'out.txt')]);
    expect([extension.code, extension.stderr]).toEqual([
      1,
      expect.stringMatching(/out\.txt: unknown file type; use \.csv, \.jsonl or \.ndjson/),
    ]);
    const id = await scoreCli([
      '--input',
      join(folder, 'in.csv'),
      '--output',
      join(folder, 'out.csv'),
      '--id-column',
      'ticket',
      '--workers',
      '1',
    ]);
    expect([id.code, id.stderr]).toEqual([1, expect.stringMatching(/has no column "ticket"; columns found: text/)]);
    const model = await scoreCli([
      '--input',
      join(folder, 'in.csv'),
      '--output',
      join(folder, 'out.csv'),
      '--model',
      folder,
      '--workers',
      '1',
    ]);
    expect([model.code, model.stderr]).toEqual([1, `error: model ${folder}: manifest.json: missing or unreadable\n`]);
    expect(existsSync(join(folder, 'out.csv'))).toBe(false);
  });

  it('streams: a file larger than the heap it is given is scored with the heap capped at 32 MB; an interrupted run leaves nothing', async () => {
    // 60,000 rows with a 900-character column the model ignores: ~55 MB of text. Holding the rows (or the answers)
    // would not fit in a 32 MB old space; streaming them through a few chunks does.
    const path = join(dir, 'large.csv');
    const file = createWriteStream(path);
    file.write('id,text,note\n');
    for (let i = 0; i < 60_000; i++) {
      if (!file.write(`${i},${PHRASES[i % PHRASES.length]},${`n${String(i).padStart(8, '0')} `.repeat(90)}\n`)) {
        await new Promise<void>((resolve) => file.once('drain', () => resolve()));
      }
    }
    await new Promise<void>((resolve) => file.end(() => resolve()));
    expect(statSync(path).size).toBeGreaterThan(50 * 1024 * 1024);

    const run = await scoreCli(
      ['--input', path, '--output', join(dir, 'large.out.csv'), '--workers', '1'],
      '--max-old-space-size=32',
    );
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^scored 60000 rows \(0 refused\)/);
    const out = readFileSync(join(dir, 'large.out.csv'), 'utf8').trimEnd().split('\n');
    expect(out).toHaveLength(60_001);
    expect(out.at(-1)).toMatch(/^60000,59999,/);

    // Interrupted half-way (Ctrl+C): exit 130, and the temporary file goes too.
    const folder = join(dir, 'interrupted');
    mkdirSync(folder);
    const interrupted = await scoreCli(
      ['--input', path, '--output', join(folder, 'out.csv'), '--workers', '1'],
      '',
      (child) => {
        const poll = setInterval(() => {
          if (filesIn(folder).length > 0) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        }, 20);
        child.on('close', () => clearInterval(poll));
      },
    );
    expect(interrupted.code).toBe(130);
    expect(filesIn(folder)).toEqual([]);
  });
});
