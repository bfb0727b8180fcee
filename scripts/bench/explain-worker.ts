/**
 * What `"explain": true` costs (issue 20): one process, the bundled `classify` handler, requests of 20-word texts
 * sent plain and explained in turn (so a busy spell of the machine hits both alike), each timed on its own. The
 * unexplained request is the baseline of the same run.
 */
import { call, nextTurn, requireHandler } from './handler';
import { fresh, lambdaContext, readEvent, withBody } from './events';
import { benchTexts } from './texts';
import { collectGarbage, serveWorker } from './worker';

export interface ExplainInput {
  handlerPath: string;
  handlerExport: string;
  warmup: number;
  calls: number;
  /** Words in each text. */
  words: number;
}

/** Each call's latency in ms, plain and explained, in call order. */
export interface ExplainSamples {
  plain: number[];
  explained: number[];
}

/** Texts of exactly `words` words, cut from the bench texts run together (so each is a different mix). */
export function textsOfWords(words: number, count: number): string[] {
  const all = benchTexts(160).join(' ').split(/\s+/);
  return Array.from({ length: count }, (_, i) => {
    const start = (i * 7) % Math.max(1, all.length - words);
    return all.slice(start, start + words).join(' ');
  });
}

serveWorker<ExplainInput, ExplainSamples>(async ({ handlerPath, handlerExport, warmup, calls, words }) => {
  const handler = requireHandler(handlerPath, handlerExport);
  const template = readEvent('classify.json');
  const texts = textsOfWords(words, 50);
  const plain = texts.map((text) => withBody(template, JSON.stringify({ text, topK: 3 })));
  const explained = texts.map((text) => withBody(template, JSON.stringify({ text, topK: 3, explain: true })));
  const context = lambdaContext('atlas-classifier-bench-classify');

  for (let i = 0; i < warmup; i++) {
    await call(handler, plain[i % plain.length]!, context);
    await call(handler, explained[i % explained.length]!, context);
  }
  collectGarbage();

  const samples: ExplainSamples = { plain: [], explained: [] };
  for (let i = 0; i < calls; i++) {
    for (const [kind, events] of [
      ['plain', plain],
      ['explained', explained],
    ] as const) {
      const event = fresh(events[i % events.length]!);
      const invocation = { ...context };
      await nextTurn();
      const started = process.hrtime.bigint();
      const response = await handler(event, invocation);
      samples[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
      if (response.statusCode !== 200)
        throw new Error(`${kind} call ${i}: HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`);
    }
  }
  return samples;
});
