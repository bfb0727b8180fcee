/**
 * `serverless invoke local -f <fn> -p events/<file>.json --stage <stage>`: the bundled handlers, with each
 * stage's environment from serverless.yml, answer the events/ payloads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServiceSandbox, projectRoot, type ServiceSandbox } from '../../scripts/support/service-sandbox';
import { scoreCli } from '../scoring/support/score-cli';
import { invokeLocal as invokeLocalIn, type LambdaResponse } from '../support/invoke-local';

jest.setTimeout(60_000);

let sandbox: ServiceSandbox;

beforeAll(() => {
  sandbox = createServiceSandbox();
});

afterAll(() => {
  sandbox?.remove();
});

/** Runs one function locally with an event file and returns its response (fails with the CLI output). */
const invokeLocal = <R = LambdaResponse>(fn: string, eventPath: string, stage: string): Promise<R> =>
  invokeLocalIn<R>(sandbox, fn, eventPath, stage);

const event = (name: string) => join(projectRoot, 'events', name);

/** Asserts a 200; on failure the message shows the error the function answered instead. */
function expectOk(response: LambdaResponse): void {
  expect({ statusCode: response.statusCode, error: response.body?.error }).toEqual({
    statusCode: 200,
    error: undefined,
  });
}

function expectPrediction(prediction: any): void {
  expect(prediction).toEqual(
    expect.objectContaining({ label: expect.any(String), score: expect.any(Number), top: expect.any(Array) }),
  );
  expect(prediction.top.length).toBeGreaterThan(0);
  expect(prediction.top[0]).toEqual({ label: prediction.label, score: prediction.score });
}

describe('dev: every function answers its event with 200', () => {
  test('classify', async () => {
    const response = await invokeLocal('classify', event('classify.json'), 'dev');
    expectOk(response);
    expect(response.headers['Content-Type']).toMatch(/^application\/json/);
    expectPrediction(response.body);
    expect(response.body.model).toEqual({ name: expect.any(String), version: expect.any(String) });
  });

  test('classifyBatch', async () => {
    const sent = JSON.parse(JSON.parse(readFileSync(event('classify-batch.json'), 'utf8')).body) as {
      items: unknown[];
    };
    const response = await invokeLocal('classifyBatch', event('classify-batch.json'), 'dev');
    expectOk(response);
    expect(response.body.results).toHaveLength(sent.items.length);
    for (const result of response.body.results) expectPrediction(result);
  });

  test('health', async () => {
    const response = await invokeLocal('health', event('health.json'), 'dev');
    expectOk(response);
    expect(response.body).toEqual(
      expect.objectContaining({ status: 'ok', model: expect.objectContaining({ sha256: expect.any(String) }) }),
    );
  });
});

describe("staging and prod: classify runs with that stage's configuration", () => {
  const prodOrigin = 'https://atlas-classifier.example.com';
  let eventFromProdSite: string;

  beforeAll(() => {
    // The classify event, sent from the prod web origin, so the CORS answer shows which stage config is live.
    const base = JSON.parse(readFileSync(event('classify.json'), 'utf8'));
    eventFromProdSite = join(sandbox.scratch, 'classify-from-prod-origin.json');
    writeFileSync(eventFromProdSite, JSON.stringify({ ...base, headers: { ...base.headers, Origin: prodOrigin } }));
  });

  test.each([
    // prod allows only its own site, staging only the staging site (dev allows any: '*').
    ['staging', (allowOrigin: string | undefined) => expect(allowOrigin).not.toBe(prodOrigin)],
    ['prod', (allowOrigin: string | undefined) => expect(allowOrigin).toBe(prodOrigin)],
  ] as const)('%s', async (stage, expectAllowOrigin) => {
    const response = await invokeLocal('classify', eventFromProdSite, stage);
    expectOk(response);
    expectPrediction(response.body);
    expectAllowOrigin(response.headers['Access-Control-Allow-Origin']);
  });
});

describe('prod: one batch of rows, the same answers from the scoreBatch worker, npm run score and POST /classify/batch', () => {
  test('label, score, abstained and top agree row by row; the blank row is refused by both bulk paths', async () => {
    const batchEvent = event(join('score-batch', 'csv-rows.json'));
    const { Items, BatchInput } = JSON.parse(readFileSync(batchEvent, 'utf8')) as {
      Items: Array<{ index: number; values: { id: string; text: string } }>;
      BatchInput: { options: { topK: number } };
    };
    const csv = join(sandbox.scratch, 'rows.csv');
    const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
    writeFileSync(csv, `id,text\n${Items.map(({ values }) => `${values.id},${quote(values.text)}`).join('\n')}\n`);

    // The API's request for the rows it can classify, as API Gateway would deliver it.
    const classified = Items.map(({ values }) => values).filter((values) => values.text.trim() !== '');
    const apiEvent = join(sandbox.scratch, 'rows-batch-request.json');
    const base = JSON.parse(readFileSync(event('classify-batch.json'), 'utf8'));
    writeFileSync(
      apiEvent,
      JSON.stringify({ ...base, body: JSON.stringify({ items: classified, topK: BatchInput.options.topK }) }),
    );

    const [worker, cli, api] = await Promise.all([
      invokeLocal<{ results: Array<Record<string, unknown>>; refused: number }>('scoreBatch', batchEvent, 'prod'),
      scoreCli([
        '--input',
        csv,
        '--output',
        join(sandbox.scratch, 'rows.out.jsonl'),
        '--top-k',
        String(BatchInput.options.topK),
        '--workers',
        '1',
      ]),
      invokeLocal('classifyBatch', apiEvent, 'prod'),
    ]);
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    const fromCli = readFileSync(join(sandbox.scratch, 'rows.out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(worker.results).toEqual(fromCli);
    expect(worker.refused).toBe(1);

    expectOk(api);
    expect(
      worker.results.filter((result) => result.error === undefined).map(({ row: _row, ...answer }) => answer),
    ).toEqual(api.body.results);
    expect(worker.results.filter((result) => result.error !== undefined)).toEqual([
      { row: 3, id: 't-1003', error: 'text is empty' },
    ]);
  });
});
