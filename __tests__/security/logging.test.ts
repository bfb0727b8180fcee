/**
 * Request bodies never reach the logs: at INFO (the production level) a request -- valid, invalid, or failing
 * inside -- leaves one access-log line with status and latency, and none of the texts, ids or raw body it carried.
 */
import './support/info-level';
import '../fuzz/support/env';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { loadConfig } from '../../lib/config';
import { createClassifyHandler } from '../../lib/routes/classify';
import { apiEvent, jsonPost, lambdaContext } from '../fuzz/support/events';
import { captureLogs } from '../fuzz/support/logs';

/** A text nobody would log by accident: if any part of it shows up in a log line, a body was logged. */
const CANARY = 'CANARY-7f3a9c';
const canaryText = (n: number) => `${CANARY} my card never arrived ${'lorem ipsum dolor '.repeat(n)}${CANARY}-end`;

/** Requests of every kind, each carrying the canary somewhere in its body. */
const REQUESTS = [
  ['valid classify', () => classify(jsonPost('/classify', JSON.stringify({ text: canaryText(60) })), lambdaContext())],
  [
    'valid batch',
    () =>
      classifyBatch(
        jsonPost(
          '/classify/batch',
          JSON.stringify({ items: [canaryText(5), { id: `${CANARY}-id`, text: canaryText(10) }] }),
        ),
        lambdaContext(),
      ),
  ],
  ['malformed JSON', () => classify(jsonPost('/classify', `{"text": "${canaryText(3)}`), lambdaContext())],
  [
    'schema violation',
    () => classify(jsonPost('/classify', JSON.stringify({ text: canaryText(2), [CANARY]: CANARY })), lambdaContext()),
  ],
  ['text too long', () => classify(jsonPost('/classify', JSON.stringify({ text: canaryText(200) })), lambdaContext())],
  [
    'wrong content type',
    () =>
      classify(
        apiEvent('/classify', {
          body: JSON.stringify({ text: canaryText(2) }),
          headers: { 'Content-Type': 'text/plain' },
        }),
        lambdaContext(),
      ),
  ],
  [
    'base64 body',
    () =>
      classify(
        apiEvent('/classify', {
          body: Buffer.from(JSON.stringify({ text: canaryText(2) })).toString('base64'),
          headers: { 'Content-Type': 'application/json' },
          isBase64Encoded: true,
        }),
        lambdaContext(),
      ),
  ],
] as const;

describe('logs at INFO', () => {
  it.each(REQUESTS)('%s: one access-log line, without the body', async (_name, send) => {
    const logs = captureLogs();
    try {
      await send();
    } finally {
      logs.restore();
    }
    expect(logs.text()).not.toContain(CANARY);
    expect(logs.text()).not.toMatch(/lorem ipsum/);
    const access = logs.entries().filter((e) => e.message === 'request');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ level: 'INFO', statusCode: expect.any(Number), latencyMs: expect.any(Number) });
  });

  it('an unexpected error is logged with its stack, but without the request body', async () => {
    const failing = createClassifyHandler({
      getClassifier: async () => {
        throw new Error('the classifier blew up');
      },
      config: loadConfig({ LOG_LEVEL: 'INFO' }),
    });
    const logs = captureLogs();
    try {
      const response = await failing(jsonPost('/classify', JSON.stringify({ text: canaryText(10) })), lambdaContext());
      expect(response.statusCode).toBe(500);
    } finally {
      logs.restore();
    }
    const error = logs.entries().find((e) => e.level === 'ERROR');
    expect(JSON.stringify(error)).toMatch(/the classifier blew up/);
    expect(logs.text()).not.toContain(CANARY);
  });
});
