import type { ManifestSample } from '../model/bundle/samples';
import { gatewayEvent } from './gateway-event';
import type { InvokeRoute, RouteAnswer } from './invoke';
import type { SmokeTestSettings } from './settings';

/** How many single-text invocations run at once (keeps the new version's cold starts few). */
const SINGLE_CONCURRENCY = 4;

/** How one route answered the samples. */
export interface Agreement {
  /** Samples answered with their expected label (an abstention never agrees). */
  agreed: number;
  total: number;
  share: number;
}

/** The outcome of a smoke test; `failures` says in words why it failed (empty when it passed). */
export interface SmokeVerdict {
  passed: boolean;
  failures: string[];
  health?: string;
  agreement: { classify?: Agreement; classifyBatch?: Agreement };
  model: { deployed?: string; candidate?: string };
  /** Set when the bundle carries no samples: only health and the model name were checked. */
  note?: string;
}

export interface SmokeTestInputs {
  settings: SmokeTestSettings;
  /** The new bundle's samples (from its manifest); empty or undefined when it has none. */
  samples: readonly ManifestSample[] | undefined;
  /** Most items per batch request (the stage's `MAX_BATCH_ITEMS`). */
  maxBatchItems: number;
  invoke: InvokeRoute;
}

/**
 * Checks a new version before it gets traffic: its `/health` is ok, `classify` and `classifyBatch` each answer at
 * least `minAgreement` of the bundle's samples with the expected label, and the model's name is the deployed one's
 * (a different name means another model, not a new version of it, and needs `allowModelRename`). Every check runs,
 * so the verdict lists every failure at once. Never throws: an invocation that fails is a failure of its check.
 */
export async function runSmokeTest(inputs: SmokeTestInputs): Promise<SmokeVerdict> {
  const { settings, invoke } = inputs;
  const verdict: SmokeVerdict = { passed: false, failures: [], agreement: {}, model: {} };
  const fail = (message: string) => verdict.failures.push(message);

  await check(fail, 'health', async () => {
    const answer = await invoke(settings.healthVersion, gatewayEvent('GET', '/health'));
    const status = (answer.body as { status?: unknown } | null)?.status;
    verdict.health = typeof status === 'string' ? status : `HTTP ${answer.statusCode}`;
    if (answer.statusCode !== 200 || status !== 'ok') fail(`health is not ok: ${describe(answer)}`);
  });

  const samples = inputs.samples ?? [];
  if (samples.length === 0) verdict.note = 'the bundle carries no samples: agreement was not checked';
  await check(fail, 'classify', async () => {
    const answers = await mapLimited(samples, SINGLE_CONCURRENCY, (sample) =>
      invoke(settings.classifyVersion, gatewayEvent('POST', '/classify', { text: sample.text })),
    );
    const labels = answers.map((answer) => answerLabel(answer, 'classify'));
    verdict.agreement.classify = agreement(samples, labels);
    verdict.model.candidate = modelName(answers[0]);
  });
  await check(fail, 'classifyBatch', async () => {
    const labels: string[] = [];
    for (let start = 0; start < samples.length; start += inputs.maxBatchItems) {
      const items = samples.slice(start, start + inputs.maxBatchItems).map((s) => s.text);
      const answer = await invoke(settings.classifyBatchVersion, gatewayEvent('POST', '/classify/batch', { items }));
      const results = (answer.body as { results?: unknown } | null)?.results;
      if (answer.statusCode !== 200 || !Array.isArray(results) || results.length !== items.length)
        throw new Error(`classifyBatch answered ${describe(answer)}`);
      labels.push(...results.map((r) => answerLabel({ statusCode: 200, body: r }, 'classifyBatch')));
    }
    verdict.agreement.classifyBatch = agreement(samples, labels);
  });
  for (const route of ['classify', 'classifyBatch'] as const) {
    const a = verdict.agreement[route];
    if (a && a.total > 0 && a.share < settings.minAgreement) {
      fail(
        `${route} agreed with ${a.agreed} of ${a.total} samples (${percent(a.share)}), under the required ${percent(settings.minAgreement)}`,
      );
    }
  }

  await check(fail, 'model name', async () => {
    if (verdict.model.candidate === undefined) {
      const probe = await invoke(
        settings.classifyVersion,
        gatewayEvent('POST', '/classify', { text: samples[0]?.text ?? 'hello' }),
      );
      verdict.model.candidate = modelName(probe);
    }
    const deployed = await invoke(
      settings.classifyAlias,
      gatewayEvent('POST', '/classify', { text: samples[0]?.text ?? 'hello' }),
    );
    verdict.model.deployed = modelName(deployed);
    if (!verdict.model.candidate || !verdict.model.deployed) throw new Error('a classify answer named no model');
    if (verdict.model.candidate !== verdict.model.deployed && !settings.allowModelRename) {
      fail(
        `the new model is "${verdict.model.candidate}", the deployed one "${verdict.model.deployed}": another model needs ALLOW_MODEL_RENAME (stage param allowModelRename)`,
      );
    }
  });

  verdict.passed = verdict.failures.length === 0;
  return verdict;
}

/** Runs one check; anything it throws becomes a failure naming the check. */
async function check(fail: (message: string) => void, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    fail(`${name}: ${(error as Error).message}`);
  }
}

function answerLabel(answer: RouteAnswer, route: string): string {
  const body = answer.body as { label?: unknown; abstained?: unknown } | null;
  if (answer.statusCode !== 200 || typeof body?.label !== 'string')
    throw new Error(`${route} answered ${describe(answer)}`);
  // An abstention answers the fallback label, which is no sample's expected label; made explicit here.
  return body.abstained === true ? '' : body.label;
}

function agreement(samples: readonly ManifestSample[], labels: readonly string[]): Agreement {
  const agreed = samples.filter((sample, i) => labels[i] === sample.label).length;
  return { agreed, total: samples.length, share: samples.length === 0 ? 1 : agreed / samples.length };
}

function modelName(answer: RouteAnswer | undefined): string | undefined {
  const name = (answer?.body as { model?: { name?: unknown } } | null)?.model?.name;
  return typeof name === 'string' ? name : undefined;
}

function describe(answer: RouteAnswer): string {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return `HTTP ${answer.statusCode}${error ? ` ${String(error.code)}: ${String(error.message)}` : ''}`;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** Like `Promise.all(items.map(fn))` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
