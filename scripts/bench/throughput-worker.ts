/**
 * Throughput of the bundled `/classify` (one text per request) or `/classify/batch` (n texts per request) handler
 * on the same 128 texts, through the whole middy stack. Texts per second of handler time: the sum of each request's
 * own duration, so the figures compare like the warm latency does.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { call, nextTurn, requireHandler } from './handler';
import { fresh, lambdaContext, readEvent, withBody } from './events';
import { benchTexts } from './texts';
import { collectGarbage, serveWorker } from './worker';

export interface ThroughputInput {
  handlerPath: string;
  handlerExport: string;
  /** `single`: one /classify request per text; `batch`: /classify/batch requests of each size in `sizes`. */
  mode: 'single' | 'batch';
  sizes: number[];
  texts: number;
  /** Each series runs whole rounds over all the texts until at least this long has passed. */
  minMs: number;
}

export interface ThroughputResult {
  /** Batch size (1 for single requests). */
  size: number;
  texts: number;
  ms: number;
  textsPerSecond: number;
  msPerText: number;
}

const WARMUP_TEXTS = 2_000;

serveWorker<ThroughputInput, ThroughputResult[]>(async (input) => {
  const handler = requireHandler(input.handlerPath, input.handlerExport);
  const texts = benchTexts(input.texts);
  const context = lambdaContext(`atlas-classifier-bench-${input.mode}`);
  const series: { size: number; events: APIGatewayProxyEvent[] }[] =
    input.mode === 'single'
      ? [
          {
            size: 1,
            events: texts.map((text) => withBody(readEvent('classify.json'), JSON.stringify({ text, topK: 3 }))),
          },
        ]
      : input.sizes.map((size) => ({ size, events: batchEvents(texts, size) }));

  const results: ThroughputResult[] = [];
  for (const { size, events } of series) {
    // Warm-up over as many texts as the warm-latency run uses, so the JIT has settled before the clock starts.
    for (let round = 0; round * texts.length < WARMUP_TEXTS; round++)
      for (const event of events) await call(handler, event, context);
    collectGarbage();
    // Only the handler's own time is summed (as in the warm latency), not the event-loop turn between requests.
    let done = 0;
    let ms = 0;
    do {
      for (const event of events) {
        const invocation = fresh(event);
        const invocationContext = { ...context };
        await nextTurn();
        const started = process.hrtime.bigint();
        const response = await handler(invocation, invocationContext);
        ms += Number(process.hrtime.bigint() - started) / 1e6;
        if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`);
      }
      done += texts.length;
    } while (ms < input.minMs);
    results.push({ size, texts: done, ms, textsPerSecond: (done / ms) * 1000, msPerText: ms / done });
  }
  return results;
});

/** The texts cut into `/classify/batch` requests of `size` items each (with ids, as clients send them). */
function batchEvents(texts: readonly string[], size: number): APIGatewayProxyEvent[] {
  const template = readEvent('classify-batch.json');
  const events: APIGatewayProxyEvent[] = [];
  for (let start = 0; start < texts.length; start += size) {
    const items = texts.slice(start, start + size).map((text, i) => ({ id: `t${start + i}`, text }));
    events.push(withBody(template, JSON.stringify({ items, topK: 3 })));
  }
  return events;
}
