import './support/info-env';
import './support/quiet-env';
import { loadConfig } from '../../lib/config';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { captureLogs } from './support/capture-logs';
import { jsonEvent, lambdaContext } from './support/events';
import { FakeClassifier } from './support/fake-classifier';

const secret = 'my card number is 4111 1111 1111 1111';

async function logsOf(run: () => Promise<unknown>) {
  const out = captureLogs();
  try {
    await run();
  } finally {
    out.restore();
  }
  return out;
}

describe('logs at LOG_LEVEL=INFO', () => {
  const classifier = new FakeClassifier();
  const config = loadConfig({});
  const classify = createClassifyHandler({ getClassifier: async () => classifier, config });
  const batch = createClassifyBatchHandler({ getClassifier: async () => classifier, config });

  it('one structured line per request: request id, cold start, latency, label and score, never the text', async () => {
    const out = await logsOf(async () => {
      await classify(jsonEvent({ text: secret }), lambdaContext());
      await classify(jsonEvent({ text: secret, typo: 1 }), lambdaContext());
    });
    const lines = out.lines().filter((line) => line.message === 'request');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      statusCode: 200,
      label: expect.any(String),
      score: expect.any(Number),
      latencyMs: expect.any(Number),
      requestId: expect.any(String),
      coldStart: expect.any(Boolean),
      function_name: 'atlas-classifier-dev-classify',
    });
    expect(lines[1]).toMatchObject({ statusCode: 400, errorCode: 'INVALID_REQUEST' });
    expect(lines[1].label).toBeUndefined();
    expect(out.text()).not.toContain('4111');
  });

  it('a batch logs its size but not its per-item labels or texts', async () => {
    const out = await logsOf(() =>
      batch(jsonEvent({ items: [secret, 'second text'] }, '/classify/batch'), lambdaContext()),
    );
    expect(out.lines().find((line) => line.message === 'request')).toMatchObject({ statusCode: 200, batchSize: 2 });
    expect(out.lines().find((line) => line.message === 'batch labels')).toBeUndefined();
    expect(out.text()).not.toMatch(/4111|second text/);
  });

  it('request ids do not leak from one request into the next request', async () => {
    const out = await logsOf(async () => {
      const first = jsonEvent({ text: 'a' });
      first.requestContext.requestId = 'first-id';
      const second = jsonEvent({ text: 'b' });
      second.requestContext.requestId = 'second-id';
      await classify(first, lambdaContext());
      await classify(second, lambdaContext());
    });
    expect(out.lines().map((line) => line.requestId)).toEqual(['first-id', 'second-id']);
  });
});
