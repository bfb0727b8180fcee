/**
 * Warm latency of `POST /classify` through the bundled handler and its whole middy stack: one process, the model
 * already loaded, `calls` sequential requests each timed on its own.
 */
import { call, nextTurn, requireHandler } from './handler';
import { fresh, lambdaContext, readEvent, withBody } from './events';
import { summarize, type Summary } from './stats';
import { benchTexts } from './texts';
import { collectGarbage, serveWorker } from './worker';

export interface WarmInput {
  handlerPath: string;
  handlerExport: string;
  warmup: number;
  calls: number;
}

serveWorker<WarmInput, Summary>(async ({ handlerPath, handlerExport, warmup, calls }) => {
  const handler = requireHandler(handlerPath, handlerExport);
  const template = readEvent('classify.json');
  const events = benchTexts(160).map((text) => withBody(template, JSON.stringify({ text, topK: 3 })));
  const context = lambdaContext('atlas-classifier-bench-classify');

  for (let i = 0; i < warmup; i++) await call(handler, events[i % events.length]!, context);
  collectGarbage();

  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    // The copies a runtime would make are made before the clock starts.
    const event = fresh(events[i % events.length]!);
    const invocation = { ...context };
    await nextTurn();
    const started = process.hrtime.bigint();
    const response = await handler(event, invocation);
    samples[i] = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.statusCode !== 200) throw new Error(`call ${i}: HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`);
  }
  return summarize(samples);
});
