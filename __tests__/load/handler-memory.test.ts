/**
 * Leak check without the noise of serverless offline's worker pool: thousands of mixed requests through the real
 * handlers in this process must leave tfjs with exactly the tensors it had (no prediction leaks one) and the JS
 * heap, after garbage collection, about where it was.
 */
import '../fuzz/support/env';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { tf } from '../../lib/model/tf/index';
import { apiEvent, lambdaContext, type Route } from '../fuzz/support/events';
import { requestMix } from './support/mix';
import { mb } from './support/rss';

jest.setTimeout(60_000);

const REQUESTS = 3_000;
/** Heap after GC may wander by a few MB (JIT code, caches); a per-request leak of even 5 kB would exceed this. */
const MAX_HEAP_GROWTH_MB = 15;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const handlers = { '/classify': classify, '/classify/batch': classifyBatch, '/health': health } as const;
const mix = requestMix('', { maxTextChars: 2000, maxBatchItems: 128 });

async function sendAll(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const kind = mix[i % mix.length]!;
    const event = apiEvent(kind.path as Route, {
      method: kind.method,
      body: kind.body ?? null,
      headers: kind.headers ?? null,
    });
    const response = await handlers[kind.path as Route](event, lambdaContext());
    if (response.statusCode !== kind.status)
      throw new Error(`${kind.name}: got ${response.statusCode}, expected ${kind.status}`);
  }
}

/** Heap in use once garbage collection has settled (a few rounds, letting finalizers and weak refs run between). */
async function heapAfterGc(): Promise<number> {
  for (let round = 0; round < 4; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

it('serves thousands of mixed requests without leaking tensors or heap', async () => {
  await sendAll(mix.length * 20);
  const tensorsBefore = tf.memory().numTensors;
  const tensorBytesBefore = tf.memory().numBytes;
  const heapBefore = await heapAfterGc();

  await sendAll(REQUESTS);

  const heapAfter = await heapAfterGc();
  const figures = {
    requests: REQUESTS,
    tensors: { before: tensorsBefore, after: tf.memory().numTensors },
    heapMB: { before: mb(heapBefore), after: mb(heapAfter), growth: mb(heapAfter - heapBefore) },
  };
  console.log(`in-process memory figures ${JSON.stringify(figures)}`);
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(tf.memory().numBytes).toBe(tensorBytesBefore);
  expect(mb(heapAfter - heapBefore)).toBeLessThan(MAX_HEAP_GROWTH_MB);
});
