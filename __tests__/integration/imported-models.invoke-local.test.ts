/**
 * End to end, as a user deploys someone else's model: `npm run import-model`, then the bundled handlers under
 * `serverless invoke local --env MODEL_DIR=...` answer API Gateway events with tfjs's own scores on the same ids
 * (1e-5): a real model converted by tensorflowjs_converter from Keras 2 (the model_config layout), and a graph model
 * in the converter's tf_saved_model form.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel } from '../../scripts/import/import-model';
import { createServiceSandbox, projectRoot, type ServiceSandbox } from '../../scripts/support/service-sandbox';
import { exampleOptions, REVIEW_BAG_GRAPH, TWITTER } from '../import/support/examples';
import { expectClose, sigmoidPairs, tfjsExecuteGraph, tfjsPredict } from '../import/support/scores';
import { invokeLocal } from '../support/invoke-local';

jest.setTimeout(120_000);

let sandbox: ServiceSandbox;
let twitterBundle: string;
let graphBundle: string;

beforeAll(async () => {
  sandbox = createServiceSandbox();
  twitterBundle = join(sandbox.scratch, 'twitter');
  const spec = join(sandbox.scratch, 'twitter-spec.json');
  writeFileSync(
    spec,
    JSON.stringify({
      kind: 'sequence',
      vocabulary: join(TWITTER, 'tokenizer.json'),
      oovToken: '<OOV>',
      numWords: 10000,
    }),
  );
  // Imported as a user does (the backend measured, not forced), so the recurrent runtime serves it, without tfjs.
  const summary = await importModel({
    model: TWITTER,
    out: twitterBundle,
    labels: join(TWITTER, 'label_encoder.json'),
    input: spec,
  });
  expect(summary.runtime).toBe('recurrent');
  graphBundle = join(sandbox.scratch, 'review-bag-graph');
  await importModel(exampleOptions(REVIEW_BAG_GRAPH, graphBundle));
}, 300_000);

afterAll(() => sandbox?.remove());

/** The repository's API Gateway event for a route, with another JSON body. */
function eventWithBody(file: string, body: unknown): string {
  const event = JSON.parse(readFileSync(join(projectRoot, 'events', file), 'utf8'));
  const path = join(sandbox.scratch, `${file}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ ...event, body: JSON.stringify(body) }));
  return path;
}

const scoresOf = (prediction: { top: { label: string; score: number }[] }, labels: string[]) =>
  labels.map((l) => prediction.top.find((t) => t.label === l)!.score);

describe('imported models under serverless invoke local', () => {
  it('the real converted Keras 2 model: /classify/batch answers what tfjs-layers predicts on the original files', async () => {
    const words: Record<string, number> = JSON.parse(readFileSync(join(TWITTER, 'tokenizer.json'), 'utf8'));
    const texts = ['ice cream is delicious', 'i love this game so much', 'worst update ever the servers are down'];
    const ids = texts.map((t) => {
      const row = t.split(' ').map((w) => (words[w] !== undefined && words[w]! < 10_000 ? words[w]! : 1));
      return [...new Array(200 - row.length).fill(0), ...row];
    });
    const expected = await tfjsPredict(TWITTER, ids);

    const response = await invokeLocal(
      sandbox,
      'classifyBatch',
      eventWithBody('classify-batch.json', { items: texts, topK: 4 }),
      'dev',
      { MODEL_DIR: twitterBundle },
    );
    expect(response.statusCode).toBe(200);
    expect(response.body.model.name).toBe('twitter-sentiment-keras2');
    const labels = ['Irrelevant', 'Negative', 'Neutral', 'Positive'];
    expectClose(
      response.body.results.map((result: any) => scoresOf(result, labels)),
      expected,
    );
  });

  it('the graph model: /classify answers what tfjs-converter executes on the same ids', async () => {
    const words: Record<string, number> = JSON.parse(readFileSync(join(REVIEW_BAG_GRAPH, 'word_index.json'), 'utf8'));
    const ids = ['great', 'product', 'works', 'perfectly'].map((w) => words[w] ?? 1);
    const expected = sigmoidPairs(
      await tfjsExecuteGraph(join(REVIEW_BAG_GRAPH, 'model'), [[...ids, ...new Array(8).fill(0)]], 'int32'),
    );

    const response = await invokeLocal(
      sandbox,
      'classify',
      eventWithBody('classify.json', { text: 'Great product, works perfectly!', topK: 2 }),
      'dev',
      { MODEL_DIR: graphBundle },
    );
    expect(response.statusCode).toBe(200);
    expectClose([scoresOf(response.body, ['negative', 'positive'])], expected);
    const health = await invokeLocal(sandbox, 'health', join(projectRoot, 'events', 'health.json'), 'dev', {
      MODEL_DIR: graphBundle,
    });
    expect(health.body).toMatchObject({
      status: 'ok',
      model: { name: 'review-bag-graph', input: { kind: 'sequence' } },
    });
  });
});
