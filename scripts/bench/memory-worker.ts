/**
 * Memory over many mixed requests, valid and invalid, through the TypeScript sources (tsx) rather than the bundles:
 * `tf.memory().numTensors` must come from the very tfjs instance the handlers predict with, and importing
 * `lib/model/tf/core.ts` here gives exactly that, with no test hook in the production code.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { tf } from '../../lib/model/tf/core';
import { fresh, lambdaContext, readEvent, withBody } from './events';
import { benchTexts } from './texts';
import { collectGarbage, serveWorker } from './worker';
import { nextTurn, type LambdaHandler } from './handler';

export interface MemoryInput {
  warmup: number;
  calls: number;
}

export interface MemorySnapshot {
  numTensors: number;
  numBytes: number;
  heapUsedBytes: number;
}

export interface MemoryResult {
  before: MemorySnapshot;
  after: MemorySnapshot;
  calls: number;
  /** Requests sent per case, with the status each one must get (checked on every call). */
  mix: { case: string; status: number; calls: number }[];
}

interface Case {
  name: string;
  handler: LambdaHandler;
  event: APIGatewayProxyEvent;
  status: number;
  /** Relative frequency in the mix. */
  weight: number;
}

function cases(): Case[] {
  const single = readEvent('classify.json');
  const batch = readEvent('classify-batch.json');
  const texts = benchTexts(160);
  const valid: Case[] = texts.slice(0, 40).map((text, i) => ({
    name: 'classify 200',
    handler: classify as LambdaHandler,
    event: withBody(single, JSON.stringify({ text: texts[(i * 7) % texts.length], topK: 1 + (i % 5) })),
    status: 200,
    weight: 1,
  }));
  const batches: Case[] = [1, 8, 32].map((size) => ({
    name: `batch of ${size} 200`,
    handler: classifyBatch as LambdaHandler,
    event: withBody(
      batch,
      JSON.stringify({ items: texts.slice(size, 2 * size).map((text, i) => (i % 2 ? text : { id: `m${i}`, text })) }),
    ),
    status: 200,
    weight: size === 32 ? 1 : 3,
  }));
  const errorEvent = (file: string, status: number, weight = 4): Case => ({
    name: `${file.replace('.json', '')} ${status}`,
    handler: (file.startsWith('classify-batch') ? classifyBatch : classify) as LambdaHandler,
    event: readEvent(file),
    status,
    weight,
  });
  return [
    ...valid,
    ...batches,
    errorEvent('classify-malformed-json.json', 400),
    errorEvent('classify-invalid-request.json', 400),
    errorEvent('classify-empty-text.json', 400),
    errorEvent('classify-unknown-field.json', 400),
    errorEvent('classify-unsupported-media-type.json', 415),
    errorEvent('classify-payload-too-large.json', 413),
    errorEvent('classify-batch-too-many-items.json', 413),
    errorEvent('classify-batch-invalid-item.json', 400),
    {
      name: 'body over the byte limit 413',
      handler: classify as LambdaHandler,
      event: withBody(single, JSON.stringify({ text: 'x'.repeat(1_100_000) })),
      status: 413,
      weight: 1,
    },
  ];
}

function snapshot(): MemorySnapshot {
  collectGarbage();
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes, heapUsedBytes: process.memoryUsage().heapUsed };
}

serveWorker<MemoryInput, MemoryResult>(async ({ warmup, calls }) => {
  const all = cases();
  const schedule = all.flatMap((c) => Array<Case>(c.weight).fill(c));
  const counts = new Map<Case, number>();
  const context = lambdaContext('atlas-classifier-bench-memory');
  const send = async (i: number) => {
    const c = schedule[i % schedule.length]!;
    await nextTurn();
    const response = await c.handler(fresh(c.event), { ...context });
    if (response.statusCode !== c.status)
      throw new Error(`${c.name}: got HTTP ${response.statusCode}: ${response.body.slice(0, 300)}`);
    return c;
  };

  for (let i = 0; i < warmup; i++) await send(i);
  const before = snapshot();
  for (let i = 0; i < calls; i++) {
    const c = await send(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const after = snapshot();

  const byName = new Map<string, { case: string; status: number; calls: number }>();
  for (const [c, n] of counts) {
    const entry = byName.get(c.name) ?? { case: c.name, status: c.status, calls: 0 };
    entry.calls += n;
    byName.set(c.name, entry);
  }
  return { before, after, calls, mix: [...byName.values()] };
});
