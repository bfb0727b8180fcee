import '../http/support/quiet-env';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { bodyOf, jsonEvent, lambdaContext, loadEvent } from '../http/support/events';
import { tempDir, trainFixtureBundle } from '../model/fixture-bundle';

/**
 * An ensemble (three embedding bags averaged by one Average layer) is served like any trainer bundle: the handlers
 * load it from MODEL_DIR, report it on /health and classify with it. The handlers are imported only once the bundle
 * is trained, because lib/config.ts reads MODEL_DIR when it is first imported.
 */
type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let classify: Handler;
let classifyBatch: Handler;
let health: Handler;
let modelDir: string;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  ({ modelDir } = await trainFixtureBundle(dir, {
    members: 3,
    hiddenUnits: 8,
    dropout: 0.1,
    tokenDropout: 0.1,
    epochs: 20,
    name: 'fixture-ensemble',
  }));
  process.env.MODEL_DIR = modelDir;
  classify = (await import('../../handlers/classify')).handler as Handler;
  classifyBatch = (await import('../../handlers/classify-batch')).handler as Handler;
  health = (await import('../../handlers/health')).handler as Handler;
}, 60_000);
afterAll(() => cleanup());

describe('a trained ensemble bundle behind the handlers', () => {
  it('is one layers model whose three branches meet in an Average layer', () => {
    const layers = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')).modelTopology.config.layers as {
      class_name: string;
    }[];
    expect(layers.filter((l) => l.class_name === 'Embedding')).toHaveLength(3);
    expect(layers.at(-1)!.class_name).toBe('Average');
  });

  it('is reported healthy by GET /health', async () => {
    const response = await health(loadEvent('health'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({
      status: 'ok',
      model: { name: 'fixture-ensemble', labels: ['billing', 'greeting', 'music', 'weather'] },
    });
  });

  it('classifies through POST /classify and /classify/batch, with scores that sum to 1', async () => {
    const single = await classify(jsonEvent({ text: 'will it snow tomorrow', topK: 4 }), lambdaContext());
    expect(single.statusCode).toBe(200);
    const body = bodyOf(single);
    expect(body).toMatchObject({ label: 'weather', model: { name: 'fixture-ensemble' } });
    expect(body.top.reduce((sum: number, entry: { score: number }) => sum + entry.score, 0)).toBeCloseTo(1, 5);

    const batch = await classifyBatch(
      jsonEvent({ items: [{ text: 'play my playlist' }, { text: 'why was I charged twice' }] }, '/classify/batch'),
      lambdaContext(),
    );
    expect(batch.statusCode).toBe(200);
    expect(bodyOf(batch).results.map((r: { label: string }) => r.label)).toEqual(['music', 'billing']);
  });
});
