import '../support/quiet-env';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { accessLog } from '../../../lib/http/middleware/access-log';
import { METRIC } from '../../../lib/observability/metrics';
import { middyRequest, okResponse, run } from '../support/middy-request';

function setup() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
  const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  const appendKeys = jest.spyOn(logger, 'appendKeys');
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const addMetric = jest.spyOn(metrics, 'addMetric');
  const single = new Metrics({ namespace: 'Test', serviceName: 'test', singleMetric: true });
  const addDimension = jest.spyOn(single, 'addDimension');
  const singleAdd = jest.spyOn(single, 'addMetric').mockImplementation(() => single);
  jest.spyOn(metrics, 'singleMetric').mockReturnValue(single);
  return { middleware: accessLog(logger, metrics), info, appendKeys, addMetric, addDimension, singleAdd };
}

describe('accessLog', () => {
  it('marks the request (start time, cold start, empty summary) and tags the logs with its id', async () => {
    const { middleware, appendKeys } = setup();
    const request = middyRequest({});
    await run(middleware, 'before', request);
    expect(request.context.startedAt).toBeGreaterThan(0);
    expect(typeof request.context.coldStart).toBe('boolean');
    expect(request.context.summary).toEqual({});
    expect(appendKeys).toHaveBeenCalledWith({ requestId: 'req-test-1' });
  });

  it('reports cold start only for the first request of the process', async () => {
    let fresh: typeof accessLog = accessLog;
    jest.isolateModules(() => {
      fresh = (
        require('../../../lib/http/middleware/access-log') as typeof import('../../../lib/http/middleware/access-log')
      ).accessLog;
    });
    const middleware = fresh(
      new Logger({ serviceName: 'test', logLevel: 'ERROR' }),
      new Metrics({ namespace: 'Test' }),
    );
    const first = middyRequest({});
    const second = middyRequest({});
    await run(middleware, 'before', first);
    await run(middleware, 'before', second);
    expect([first.context.coldStart, second.context.coldStart]).toEqual([true, false]);
  });

  it('logs one line with status, latency and the prediction summary, never the text', async () => {
    const { middleware, info, addMetric } = setup();
    const request = middyRequest({ body: '{"text":"my secret account number 12345"}' }, okResponse());
    await run(middleware, 'before', request);
    request.context.summary.label = 'card_arrival';
    request.context.summary.score = 0.93;
    await run(middleware, 'after', request);

    expect(info).toHaveBeenCalledTimes(1);
    const [message, fields] = info.mock.calls[0] as [string, Record<string, unknown>];
    expect(message).toBe('request');
    expect(fields).toMatchObject({
      statusCode: 200,
      label: 'card_arrival',
      score: 0.93,
      coldStart: expect.any(Boolean),
    });
    expect(fields.latencyMs).toEqual(expect.any(Number));
    expect(JSON.stringify(info.mock.calls)).not.toContain('secret');
    expect(addMetric).toHaveBeenCalledWith(METRIC.requests, 'Count', 1);
    expect(addMetric).toHaveBeenCalledWith(METRIC.latency, 'Milliseconds', fields.latencyMs);
  });

  it('records the batch size of a batch', async () => {
    const { middleware, addMetric } = setup();
    const request = middyRequest({}, okResponse());
    await run(middleware, 'before', request);
    request.context.summary.batchSize = 17;
    await run(middleware, 'after', request);
    expect(addMetric).toHaveBeenCalledWith(METRIC.batchSize, 'Count', 17);
  });

  it('counts errors by code in a metric of their own', async () => {
    const { middleware, info, addMetric, addDimension, singleAdd } = setup();
    const request = middyRequest({});
    await run(middleware, 'before', request);
    request.response = { statusCode: 413, headers: {}, body: '{}' };
    request.context.summary.errorCode = 'PAYLOAD_TOO_LARGE';
    await run(middleware, 'onError', request);
    expect(info.mock.calls[0]?.[1]).toMatchObject({ statusCode: 413, errorCode: 'PAYLOAD_TOO_LARGE' });
    expect(addDimension).toHaveBeenCalledWith('errorCode', 'PAYLOAD_TOO_LARGE');
    expect(singleAdd).toHaveBeenCalledWith(METRIC.errors, 'Count', 1);
    expect(addMetric).not.toHaveBeenCalledWith(METRIC.errors, expect.anything(), expect.anything());
  });

  it('reuses one error and one label metric object, and an error code never carries over to the next error', async () => {
    const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = 'false'; // read when a Metrics is constructed
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      const metrics = new Metrics({ namespace: 'Test', serviceName: 'test', defaultDimensions: { route: 'classify' } });
      const singleMetric = jest.spyOn(metrics, 'singleMetric');
      const middleware = accessLog(new Logger({ serviceName: 'test', logLevel: 'ERROR' }), metrics);
      for (const code of ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE'] as const) {
        const request = middyRequest({});
        await run(middleware, 'before', request);
        request.response = { statusCode: 400, headers: {}, body: '{}' };
        request.context.summary.errorCode = code;
        await run(middleware, 'onError', request);
      }
      expect(singleMetric).toHaveBeenCalledTimes(2);
      const errors = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((emf) => METRIC.errors in emf);
      expect(errors.map((emf) => [emf.errorCode, emf.route, emf[METRIC.errors]])).toEqual([
        ['MALFORMED_JSON', 'classify', 1],
        ['PAYLOAD_TOO_LARGE', 'classify', 1],
      ]);
    } finally {
      log.mockRestore();
      if (disabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
      else process.env.POWERTOOLS_METRICS_DISABLED = disabled;
    }
  });

  it('publishes the label distribution (one figure per predicted label, the label as dimension) and the confidence sum', async () => {
    const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      const metrics = new Metrics({
        namespace: 'Test',
        serviceName: 'test',
        defaultDimensions: { route: 'classifyBatch' },
      });
      const middleware = accessLog(new Logger({ serviceName: 'test', logLevel: 'ERROR' }), metrics);
      const batch = middyRequest({}, okResponse());
      await run(middleware, 'before', batch);
      Object.assign(batch.context.summary, {
        batchSize: 3,
        abstainedItems: 0,
        labelCounts: { card_arrival: 2, age_limit: 1 },
        scoreSum: 2.25,
      });
      await run(middleware, 'after', batch);
      const single = middyRequest({}, okResponse());
      await run(middleware, 'before', single);
      Object.assign(single.context.summary, { label: 'age_limit', score: 0.5, abstained: false });
      await run(middleware, 'after', single);
      metrics.publishStoredMetrics();

      const emf = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const perLabel = emf
        .filter((e) => METRIC.labelPredictions in e)
        .map((e) => [e.label, e.route, e[METRIC.labelPredictions]]);
      expect(perLabel).toEqual([
        ['card_arrival', 'classifyBatch', 2],
        ['age_limit', 'classifyBatch', 1],
        ['age_limit', 'classifyBatch', 1],
      ]);
      const routeLine = emf.find((e) => METRIC.predictions in e)!;
      expect(routeLine.label).toBeUndefined();
      expect(routeLine[METRIC.predictions]).toEqual([3, 1]);
      expect(routeLine[METRIC.confidenceSum]).toEqual([2.25, 0.5]);
    } finally {
      log.mockRestore();
      if (disabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
      else process.env.POWERTOOLS_METRICS_DISABLED = disabled;
    }
  });

  it('publishes no drift figures for a request that answered nothing', async () => {
    const { middleware, addMetric, singleAdd } = setup();
    const request = middyRequest({});
    await run(middleware, 'before', request);
    request.response = { statusCode: 400, headers: {}, body: '{}' };
    request.context.summary.errorCode = 'MALFORMED_JSON';
    await run(middleware, 'onError', request);
    expect(addMetric).not.toHaveBeenCalledWith(METRIC.predictions, expect.anything(), expect.anything());
    expect(singleAdd).not.toHaveBeenCalledWith(METRIC.labelPredictions, expect.anything(), expect.anything());
  });
});
