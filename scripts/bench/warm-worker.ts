/**
 * Warm latency of `POST /classify` through the bundled handler and its whole middy stack (or of the plain baseline's
 * handler): one process, the model already loaded, `calls` sequential requests each timed on its own.
 */
import { call, nextTurn, requireHandler } from './handler';
import { fresh, lambdaContext, readEvent, withBody } from './events';
import { benchTexts } from './texts';
import { collectGarbage, serveWorker } from './worker';

export interface WarmInput {
  handlerPath: string;
  handlerExport: string;
  warmup: number;
  calls: number;
}

/** Each call's latency in ms, in call order. */
export type WarmSamples = number[];

serveWorker<WarmInput, WarmSamples>(async ({ handlerPath, handlerExport, warmup, calls }) => {
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
    if (response.statusCode !== 200)
      throw new Error(`call ${i}: HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`);
  }
  return Array.from(samples);
});
