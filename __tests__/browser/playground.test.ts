/**
 * The playground in a real browser (Debian's Chromium driven by playwright-core) against `serverless offline`:
 * the page loads clean under its CSP, reads the model from /health (its examples as placeholders, its threshold in
 * force), classifies a typed text and a batch, says in words when an answer abstained, checks "Labels to show" as
 * the API checks topK, asks for a key on a 401/403, shows the error envelope's message, works at 375 px and by
 * keyboard, and leaves screenshots for a person to look at (docs/playground.png, the README's, is rewritten from the
 * served model on every run). A second server serves the iris features bundle. The same server also answers
 * /openapi.json (valid, with the three API routes) and every API route with curl.
 */
import '../http/support/quiet-env';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page, Route } from 'playwright-core';
import { loadConfig } from '../../lib/config';
import { createDocsHandler } from '../../lib/routes/docs';
import { lambdaContext, loadEvent } from '../http/support/events';
import { projectRoot } from '../../scripts/support/service-sandbox';
import { importModel } from '../../scripts/import/import-model';
import { exampleOptions, MLP } from '../import/support/examples';
import { tempDir } from '../model/fixture-bundle';
import { launchChromium, type Browser } from '../support/browser';
import { startOffline, type OfflineServer } from '../support/offline';
import { validateOpenApi } from '../support/openapi-validator';

jest.setTimeout(60_000);

/** Where the screenshots go (gitignored); set SCREENSHOT_DIR to keep them elsewhere. */
const screenshotDir = process.env.SCREENSHOT_DIR ?? join(projectRoot, '.tmp', 'screenshots');
/** The README's screenshot (committed): rewritten from the served model on every run, so it cannot go stale. */
const docsScreenshot = join(projectRoot, 'docs', 'playground.png');
const run = promisify(execFile);

let server: OfflineServer | undefined;
let browser: Browser | undefined;
let baseUrl: string;

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startOffline('dev', 90_000);
  baseUrl = server.baseUrl;
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What a page did that a person would call broken: console errors, script errors, failed or refused requests. */
interface Trouble {
  console: string[];
  failed: string[];
  statuses: string[];
}

/** Opens the playground and waits until it has shown the model from /health; records anything that went wrong. */
async function openPlayground(viewport = { width: 960, height: 720 }): Promise<{ page: Page; trouble: Trouble }> {
  const page = await browser!.context.newPage();
  await page.setViewportSize(viewport);
  const trouble: Trouble = { console: [], failed: [], statuses: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') trouble.console.push(message.text());
  });
  page.on('pageerror', (error) => trouble.console.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => trouble.failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) trouble.statuses.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${baseUrl}/`);
  await page.locator('#model strong').first().waitFor();
  return { page, trouble };
}

/** A GET / event for the docs handler. */
function rootEvent() {
  const event = loadEvent('health');
  event.resource = '/';
  event.path = '/';
  return event;
}

async function api(path: string, body?: unknown, at = baseUrl): Promise<any> {
  const response = await fetch(`${at}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

test('loads with no console error and no failed request, and shows the model from /health', async () => {
  const { page, trouble } = await openPlayground();
  const health = await api('/health');
  await expect(page.locator('#model').textContent()).resolves.toContain(
    `${health.model.name} version ${health.model.version}`,
  );
  await expect(page.locator('#model').textContent()).resolves.toContain('input: text');
  await expect(page.locator('#labels summary').textContent()).resolves.toBe(`${health.model.labels.length} labels`);
  // The threshold in force, as /health gives it (the default model's is calibrated in the bundle).
  expect(health.abstain).toMatchObject({ method: 'max-probability', source: 'bundle', label: 'out_of_scope' });
  await expect(page.locator('#abstain-info').textContent()).resolves.toBe(
    `Threshold ${Number(health.abstain.threshold.toPrecision(2))} (calibrated with the model): when the best label's score is under it, the answer is out_of_scope, "not sure".`,
  );
  // What to type comes from the model: its first example for one text, all of them for a batch.
  expect(health.model.examples.length).toBeGreaterThan(1);
  await expect(page.locator('#text').getAttribute('placeholder')).resolves.toBe(health.model.examples[0]);
  await page.getByLabel('Batch (one per line)').check();
  await expect(page.locator('#text').getAttribute('placeholder')).resolves.toBe(health.model.examples.join('\n'));
  // This stage needs no key, so the key field stays hidden.
  expect(await page.locator('#api-key').isVisible()).toBe(false);
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test('classifies a typed text with Ctrl+Enter and shows the label with its top-k bars', async () => {
  const { page, trouble } = await openPlayground();
  const text = 'I still have not received my new card';
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByLabel('Labels to show').fill('4');
  await page.getByLabel('Text', { exact: true }).press('Control+Enter');
  const card = page.locator('.prediction');
  await card.waitFor();

  const expected = await api('/classify', { text, topK: 4 });
  await expect(card.locator('h3').textContent()).resolves.toBe(expected.label);
  await expect(card.locator('.bars li .name').allTextContents()).resolves.toEqual(
    expected.top.map((t: any) => t.label),
  );
  await expect(card.locator('.bars li .score').allTextContents()).resolves.toEqual(
    expected.top.map((t: any) => t.score.toFixed(3)),
  );
  // The bars are as long as the scores say (the best one is the longest).
  const widths = await card
    .locator('.bars .fill')
    .evaluateAll((fills) => fills.map((f) => f.getBoundingClientRect().width));
  expect(widths).toEqual([...widths].sort((a, b) => b - a));
  expect(widths[0]).toBeGreaterThan(widths[widths.length - 1]!);

  await page.screenshot({ path: join(screenshotDir, 'playground.png'), fullPage: true });

  // The exchange panel shows the request, the response and a curl that reproduces it.
  await page.locator('#exchange summary').click();
  await expect(page.locator('#curl').textContent()).resolves.toContain(`'${baseUrl}/classify'`);
  const curl = (await page.locator('#curl').textContent())!;
  const { stdout } = await run('bash', ['-c', curl]);
  expect(JSON.parse(stdout).label).toBe(expected.label);
  await expect(page.locator('#response-status').textContent()).resolves.toBe('HTTP 200');

  await page.screenshot({ path: join(screenshotDir, 'playground-exchange.png'), fullPage: true });
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test('writes docs/playground.png from a real answer of the served model, the same way every run', async () => {
  const { page, trouble } = await openPlayground({ width: 960, height: 720 });
  const health = await api('/health');
  const text = health.model.examples[0] as string;
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Classify' }).click();
  await page.locator('.prediction').waitFor();
  const expected = await api('/classify', { text, topK: 3 });
  await expect(page.locator('.prediction h3').textContent()).resolves.toBe(expected.label);
  // Nothing that differs between runs: no pointer over the page, no focus ring, no caret, no animation.
  await page.mouse.move(0, 0);
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  mkdirSync(join(projectRoot, 'docs'), { recursive: true });
  await page.screenshot({ path: docsScreenshot, fullPage: true, animations: 'disabled', caret: 'hide' });
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test('says in words when an answer abstained: its best guess, its score and the threshold in force', async () => {
  const { page, trouble } = await openPlayground();
  const health = await api('/health');
  const expected = await api('/classify', { text: 'hi', topK: 3 });
  // "hi" is about none of the banking intents: the default model's best guess scores under its calibrated threshold.
  expect(expected).toMatchObject({ abstained: true, label: health.abstain.label });
  const best = expected.top[0];
  expect(best.score.toFixed(2)).not.toBe(health.abstain.threshold.toFixed(2));
  await page.getByLabel('Text', { exact: true }).fill('hi');
  await page.getByRole('button', { name: 'Classify' }).click();
  const card = page.locator('.prediction');
  await card.waitFor();
  await expect(card.locator('h3').textContent()).resolves.toBe(health.abstain.label);
  await expect(card.locator('.verdict').textContent()).resolves.toBe(
    `Not sure: best guess ${best.label} at ${best.score.toFixed(2)}, under the threshold ${health.abstain.threshold.toFixed(2)}.`,
  );
  await expect(card.locator('.bars li .name').first().textContent()).resolves.toBe(best.label);

  // In a batch, only the answer that abstained says so.
  await page.getByLabel('Batch (one per line)').check();
  await page.getByLabel('Texts (one per line)').fill('hi\nmy card payment was declined');
  await page.getByRole('button', { name: 'Classify' }).click();
  await page.locator('.prediction').nth(1).waitFor();
  const batch = await api('/classify/batch', { items: ['hi', 'my card payment was declined'], topK: 3 });
  expect(batch.results.map((r: any) => r.abstained)).toEqual([true, false]);
  await expect(page.locator('.prediction').nth(0).locator('.verdict').textContent()).resolves.toContain(
    `Not sure: best guess ${batch.results[0].top[0].label}`,
  );
  await expect(page.locator('.prediction').nth(1).locator('.verdict').count()).resolves.toBe(0);
  await page.screenshot({ path: join(screenshotDir, 'playground-abstained.png'), fullPage: true });
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test('refuses a "Labels to show" the API would refuse, next to the field and without sending anything', async () => {
  const { page, trouble } = await openPlayground();
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') sent.push(request.url());
  });
  // The API's own answer to topK 0, which the page must not provoke.
  const refused = await api('/classify', { text: 'I lost my card', topK: 0 });
  expect(refused.error.details).toEqual([expect.objectContaining({ path: '/topK' })]);

  await page.getByLabel('Text', { exact: true }).fill('I lost my card');
  const field = page.getByLabel('Labels to show');
  const message = page.locator('#top-k-error');
  for (const [value, said] of [
    ['0', 'Labels to show must be a whole number of at least 1: the API refuses 0.'],
    ['2.5', 'Labels to show must be a whole number of at least 1: the API refuses 2.5.'],
    ['', 'Labels to show must be a whole number of at least 1.'],
  ] as const) {
    await field.fill(value);
    await page.getByRole('button', { name: 'Classify' }).click();
    await expect(message.textContent()).resolves.toBe(said);
    expect(await message.isVisible()).toBe(true);
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    // The message is the field's description, and the field has the focus, so a screen reader reads it out.
    await expect(field.getAttribute('aria-describedby')).resolves.toBe('top-k-error');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('top-k');
  }
  await page.screenshot({ path: join(screenshotDir, 'playground-top-k.png'), fullPage: true });
  expect(sent).toEqual([]);
  await expect(page.locator('.prediction').count()).resolves.toBe(0);

  // A good value clears the message and is sent; one above the label count is the API's to clamp.
  await field.fill('200');
  await page.getByRole('button', { name: 'Classify' }).click();
  await page.locator('.prediction').waitFor();
  expect(await message.isVisible()).toBe(false);
  await expect(field.getAttribute('aria-invalid')).resolves.toBe('false');
  expect(sent).toEqual([`${baseUrl}/classify`]);
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test('a 401 from the API asks for a key instead of calling the model broken', async () => {
  const { page } = await openPlayground();
  await page.route(`${baseUrl}/classify`, (route) => route.fulfill({ status: 401, json: { message: 'Unauthorized' } }));
  await page.getByLabel('Text', { exact: true }).fill('I lost my card');
  await page.getByRole('button', { name: 'Classify' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  await expect(alert.textContent()).resolves.toBe('This stage needs an API key: enter it in the API key field.');
  expect(await page.getByLabel('API key').isVisible()).toBe(true);
  expect(await page.evaluate<string>('document.activeElement.id')).toBe('api-key');
  await page.close();
});

test('with Explain on, colours each word by its weight on a diverging scale with a legend, the weight on hover and on focus', async () => {
  const { page, trouble } = await openPlayground();
  const text = 'someone stole my wallet with my card inside';
  await page.getByLabel('Text', { exact: true }).fill(text);
  await page.getByRole('switch', { name: 'Explain' }).check();
  await page.getByRole('button', { name: 'Classify' }).click();
  await page.locator('.explained .word').first().waitFor();

  const expected = await api('/classify', { text, topK: 3, explain: true });
  const words = page.locator('.explained .word');
  await expect(page.locator('.explained').textContent()).resolves.toBe(text);
  await expect(words.allTextContents()).resolves.toEqual(expected.explanation.tokens.map((t: any) => t.text));
  // Towards the label is blue (w-p), against it red (w-n); the heaviest word gets the darkest step.
  const classes = await words.evaluateAll((spans) => spans.map((s) => s.className));
  expected.explanation.tokens.forEach((t: any, i: number) => {
    if (Math.abs(t.weight) > 0.05) expect(classes[i]).toContain(t.weight > 0 ? 'w-p' : 'w-n');
  });
  const heaviest = expected.explanation.tokens.reduce((a: any, b: any) =>
    Math.abs(b.weight) > Math.abs(a.weight) ? b : a,
  );
  expect(classes[expected.explanation.tokens.indexOf(heaviest)]).toMatch(/w-[pn]5/);
  await expect(page.locator('.legend').textContent()).resolves.toContain(`towards ${expected.label}`);

  // Every step of the scale, legend included, keeps its text at 4.5:1 contrast or better.
  const ratios = await page.evaluate<number[]>(`(() => {
    const lum = (c) => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map((v) => { const x = v / 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    return [...document.querySelectorAll('.word')].map((w) => { const s = getComputedStyle(w); const [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x); return (a + 0.05) / (b + 0.05); });
  })()`);
  expect(Math.min(...ratios)).toBeGreaterThanOrEqual(4.5);

  // The weight, by keyboard focus and by hover.
  const said = (t: any) =>
    `${t.text}: ${t.weight >= 0 ? '+' : '−'}${Math.abs(t.weight).toFixed(3)} ${t.weight >= 0 ? 'towards' : 'against'} ${expected.label}`;
  for (
    let presses = 0;
    presses < 12 && !(await page.evaluate<boolean>("document.activeElement.classList.contains('word')"));
    presses++
  )
    await page.keyboard.press('Tab');
  await expect(page.locator('.readout').textContent()).resolves.toBe(said(expected.explanation.tokens[0]));
  await words.nth(6).hover();
  await expect(page.locator('.readout').textContent()).resolves.toBe(said(expected.explanation.tokens[6]));
  await expect(words.nth(6).getAttribute('title')).resolves.toBe(said(expected.explanation.tokens[6]));

  await page.screenshot({ path: join(screenshotDir, 'playground-explain.png'), fullPage: true });
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test('runs a batch, one text per line, in order', async () => {
  const { page, trouble } = await openPlayground();
  const texts = ['how do I top up my account', 'my card payment was declined', 'what is the exchange rate'];
  await page.getByLabel('Batch (one per line)').check();
  await page.getByLabel('Texts (one per line)').fill(`${texts.join('\n')}\n\n`);
  await page.getByRole('button', { name: 'Classify' }).click();
  await page.locator('.prediction').nth(2).waitFor();

  const expected = await api('/classify/batch', { items: texts, topK: 3 });
  await expect(page.locator('.prediction').count()).resolves.toBe(3);
  await expect(page.locator('.prediction h3').allTextContents()).resolves.toEqual(
    expected.results.map((r: any, i: number) => `${i + 1}. ${r.label}`),
  );
  await expect(page.locator('.prediction .text').allTextContents()).resolves.toEqual(texts);
  await page.screenshot({ path: join(screenshotDir, 'playground-batch.png'), fullPage: true });
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test("shows the error envelope's message for a whitespace-only text", async () => {
  const { page, trouble } = await openPlayground();
  await page.getByLabel('Text', { exact: true }).fill('   ');
  await page.getByRole('button', { name: 'Classify' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();

  const envelope = await api('/classify', { text: '   ', topK: 3 });
  await expect(alert.textContent()).resolves.toContain(envelope.error.message);
  await expect(alert.locator('li').allTextContents()).resolves.toEqual(
    envelope.error.details.map((d: any) => `${d.path}: ${d.message}`),
  );
  await expect(page.locator('.prediction').count()).resolves.toBe(0);
  await page.screenshot({ path: join(screenshotDir, 'playground-error.png'), fullPage: true });
  // The 400 is the only thing that went wrong, and Chromium reports it as such.
  expect(trouble.failed).toEqual([]);
  expect(trouble.statuses).toEqual([`400 ${baseUrl}/classify`]);
  expect(trouble.console).toEqual([expect.stringContaining('400')]);
  await page.close();
});

test('works at 375 px wide: nothing wider than the screen, and it still classifies', async () => {
  const { page, trouble } = await openPlayground({ width: 375, height: 800 });
  await page.getByLabel('Text', { exact: true }).fill('I lost my card');
  await page.getByRole('button', { name: 'Classify' }).click();
  await page.locator('.prediction').waitFor();
  const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
  expect(scrollWidth).toBeLessThanOrEqual(375);
  await page.screenshot({ path: join(screenshotDir, 'playground-375.png'), fullPage: true });
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

test('works by keyboard alone, and every control has an accessible name', async () => {
  const { page, trouble } = await openPlayground();
  // Tab from the top of the page to the text box, type, and submit with Ctrl+Enter: no mouse.
  // Page-side code is given as strings: this project type-checks for Node, without the DOM library.
  const focusedId = () => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");
  for (let presses = 0; presses < 10 && (await focusedId()) !== 'text'; presses++) await page.keyboard.press('Tab');
  expect(await focusedId()).toBe('text');
  await page.keyboard.type('please refund my purchase');
  await page.keyboard.press('Control+Enter');
  await page.locator('.prediction').waitFor();
  // Tab on to the button and press it with Enter: the same answer again.
  for (let presses = 0; presses < 5 && (await focusedId()) !== 'classify'; presses++) await page.keyboard.press('Tab');
  expect(await focusedId()).toBe('classify');

  const unnamed = await page.evaluate<string[]>(`
    [...document.querySelectorAll('input, textarea, button, select')]
      .filter((control) => !((control.labels && control.labels.length > 0) || control.getAttribute('aria-label') || control.textContent.trim()))
      .map((control) => control.outerHTML)`);
  expect(unnamed).toEqual([]);
  expect(trouble).toEqual({ console: [], failed: [], statuses: [] });
  await page.close();
});

describe('a features model: the iris bundle, imported and served by a second server through MODEL_DIR', () => {
  let features: OfflineServer | undefined;
  let cleanup: () => void = () => undefined;
  beforeAll(async () => {
    const temp = tempDir('atlas-playground-iris-');
    cleanup = temp.cleanup;
    const modelDir = join(temp.dir, 'bundle');
    await importModel({ ...exampleOptions(MLP, modelDir), name: 'iris-mlp' });
    features = await startOffline('dev', 150_000, { MODEL_DIR: modelDir });
  }, 200_000);
  afterAll(async () => {
    await features?.stop();
    cleanup();
  });

  test('one field per feature, a placeholder row of its feature names, and a batch of JSON and number rows', async () => {
    const at = features!.baseUrl;
    const page = await browser!.context.newPage();
    const health = await api('/health', undefined, at);
    const names: string[] = health.model.input.features;
    expect(health.model).toMatchObject({ name: 'iris-mlp', input: { kind: 'features' } });
    expect(health.model.examples).toBeUndefined();
    await page.goto(`${at}/`);
    await page.locator('#model strong').first().waitFor();
    await expect(page.locator('#model').textContent()).resolves.toContain('input: features');
    expect(await page.getByLabel('Text', { exact: true }).isVisible()).toBe(false);
    for (const name of names) expect(await page.getByLabel(name, { exact: true }).isVisible()).toBe(true);

    // One row: the fields, sent by name.
    const row = [5.0, 3.4, 1.5, 0.2];
    for (const [i, name] of names.entries()) await page.getByLabel(name, { exact: true }).fill(String(row[i]));
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.locator('.prediction').waitFor();
    const one = await api('/classify', { features: Object.fromEntries(names.map((n, i) => [n, row[i]])), topK: 3 }, at);
    await expect(page.locator('.prediction h3').textContent()).resolves.toBe(one.label);

    // A batch: the placeholder is a row of the model's own feature names, never a banking sentence.
    await page.getByLabel('Batch (one per line)').check();
    const batchBox = page.locator('#text');
    expect(await batchBox.isVisible()).toBe(true);
    await expect(batchBox.getAttribute('placeholder')).resolves.toBe(
      JSON.stringify(Object.fromEntries(names.map((n) => [n, 0]))),
    );
    await expect(page.locator('#text-label').textContent()).resolves.toBe(
      `Feature rows, one per line: a JSON object, or numbers in the order ${names.join(', ')}`,
    );
    const named = Object.fromEntries(names.map((n, i) => [n, row[i]]));
    await batchBox.fill(`${JSON.stringify(named)}\n6.6, 3.0, 5.6, 2.0`);
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.locator('.prediction').nth(1).waitFor();
    const batch = await api(
      '/classify/batch',
      { items: [{ features: named }, { features: [6.6, 3.0, 5.6, 2.0] }], topK: 3 },
      at,
    );
    await expect(page.locator('.prediction h3').allTextContents()).resolves.toEqual(
      batch.results.map((r: any, i: number) => `${i + 1}. ${r.label}`),
    );
    await page.screenshot({ path: join(screenshotDir, 'playground-features.png'), fullPage: true });
    await page.close();
  });
});

describe('what this stage does not have, with the API faked by request interception', () => {
  test('a margin threshold set for the stage, and a model that answers the fallback label itself, each said in words', async () => {
    const { page } = await openPlayground();
    const health = await api('/health');
    await page.route(`${baseUrl}/health`, (route) =>
      route.fulfill({
        json: { ...health, abstain: { method: 'margin', threshold: 0.05, label: 'out_of_scope', source: 'stage' } },
      }),
    );
    const answers = [
      {
        label: 'out_of_scope',
        score: 0.48,
        top: [
          { label: 'card_arrival', score: 0.48 },
          { label: 'card_linking', score: 0.45 },
        ],
        abstained: true,
      },
      {
        label: 'out_of_scope',
        score: 0.9,
        top: [
          { label: 'out_of_scope', score: 0.9 },
          { label: 'card_linking', score: 0.05 },
        ],
        abstained: true,
      },
    ];
    await page.route(`${baseUrl}/classify/batch`, (route) =>
      route.fulfill({ json: { results: answers, model: health.model } }),
    );
    await page.reload();
    await page.locator('#model strong').first().waitFor();
    await expect(page.locator('#abstain-info').textContent()).resolves.toBe(
      'Threshold 0.05 (set for this stage): when the best label\'s lead over the second label is under it, the answer is out_of_scope, "not sure".',
    );
    await page.getByLabel('Batch (one per line)').check();
    await page.getByLabel('Texts (one per line)').fill('one\ntwo');
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.locator('.prediction').nth(1).waitFor();
    await expect(page.locator('.verdict').allTextContents()).resolves.toEqual([
      'Not sure: best guess card_arrival at 0.48 leads card_linking by 0.03, under the threshold 0.05 for the lead.',
      'Not sure: the model itself answers out_of_scope (0.90).',
    ]);
    await page.close();
  });

  test("a best-vs-fallback threshold said in words, with the fallback label's score when the answer shows it", async () => {
    const { page } = await openPlayground();
    const health = await api('/health');
    await page.route(`${baseUrl}/health`, (route) =>
      route.fulfill({
        json: { ...health, abstain: { method: 'best-vs-fallback', threshold: 0.8, label: 'oos', source: 'bundle' } },
      }),
    );
    const answers = [
      {
        label: 'oos',
        score: 0.55,
        top: [
          { label: 'card_arrival', score: 0.55 },
          { label: 'oos', score: 0.3 },
        ],
        abstained: true,
      },
      { label: 'oos', score: 0.6, top: [{ label: 'card_linking', score: 0.6 }], abstained: true },
    ];
    await page.route(`${baseUrl}/classify/batch`, (route) =>
      route.fulfill({ json: { results: answers, model: health.model } }),
    );
    await page.reload();
    await page.locator('#model strong').first().waitFor();
    await expect(page.locator('#abstain-info').textContent()).resolves.toBe(
      'Threshold 0.8 (calibrated with the model): when the best label\'s probability over itself plus oos\'s is under it, the answer is oos, "not sure".',
    );
    await page.getByLabel('Batch (one per line)').check();
    await page.getByLabel('Texts (one per line)').fill('one\ntwo');
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.locator('.prediction').nth(1).waitFor();
    await expect(page.locator('.verdict').allTextContents()).resolves.toEqual([
      'Not sure: best guess card_arrival at 0.55 against oos at 0.30: 0.65 of the two, under the threshold 0.80.',
      'Not sure: best guess card_linking at 0.60, too close to oos (not among the labels shown), under the threshold 0.8.',
    ]);
    await page.close();
  });

  test('a stage that needs a key: the key field shows, the key is sent as x-api-key and stored nowhere', async () => {
    const page = await browser!.context.newPage();
    const key = 'test-key-0123456789';
    // The page as a keyed stage serves it, and API Gateway's 403 for a request without the key.
    const keyed = await createDocsHandler({ config: loadConfig({ API_KEY_REQUIRED: 'true' }) })(
      rootEvent(),
      lambdaContext(),
    );
    await page.route(`${baseUrl}/`, (route) =>
      route.fulfill({ status: 200, headers: keyed.headers as Record<string, string>, body: keyed.body }),
    );
    const keysSeen: Array<string | undefined> = [];
    const gatekeeper = async (route: Route) => {
      const sentKey = await route.request().headerValue('x-api-key');
      keysSeen.push(sentKey ?? undefined);
      if (sentKey !== key)
        return route.fulfill({
          status: 403,
          json: { error: { code: 'INVALID_API_KEY', message: 'Forbidden' }, requestId: 'r1' },
        });
      return route.continue();
    };
    await page.route(`${baseUrl}/health`, gatekeeper);
    await page.route(`${baseUrl}/classify`, gatekeeper);
    await page.goto(`${baseUrl}/`);
    // A 403 is about the key, not the model: the page asks for one, then says when the one given was refused.
    const model = page.locator('#model');
    // Locator waits run in Playwright's own script; a string predicate is eval'd in the page, which its CSP refuses.
    await page.locator('#model', { hasText: 'API key' }).waitFor();
    await expect(model.textContent()).resolves.toBe('This stage needs an API key: enter it in the API key field.');
    const field = page.getByLabel('API key');
    expect(await field.isVisible()).toBe(true);
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('api-key');
    await field.fill('wrong-key');
    await field.press('Tab');
    await page.locator('#model', { hasText: 'refused' }).waitFor();
    await expect(model.textContent()).resolves.toBe('The API key was refused (HTTP 403): check it and enter it again.');
    await page.screenshot({ path: join(screenshotDir, 'playground-key-refused.png'), fullPage: true });
    await field.fill(key);
    await field.press('Tab');
    await page.locator('#model strong').first().waitFor();
    await page.getByLabel('Text', { exact: true }).fill('I lost my card');
    await page.getByRole('button', { name: 'Classify' }).click();
    await page.locator('.prediction').waitFor();
    expect(keysSeen).toEqual([undefined, 'wrong-key', key, key]);
    // The curl shows where the key goes, not the key itself; nothing keeps it beyond the page.
    await expect(page.locator('#curl').textContent()).resolves.toContain('x-api-key: $ATLAS_API_KEY');
    await expect(page.locator('#curl').textContent()).resolves.not.toContain(key);
    expect(
      await page.evaluate<string>('JSON.stringify([localStorage.length, sessionStorage.length, document.cookie])'),
    ).toBe('[0,0,""]');
    await page.close();
  });
});

describe('over serverless offline', () => {
  test('/openapi.json is valid OpenAPI 3.1, lists the three API routes, and names this server', async () => {
    const document = await api('/openapi.json');
    expect(await validateOpenApi(document)).toEqual({ valid: true });
    expect(document.paths['/classify'].post).toBeDefined();
    expect(document.paths['/classify/batch'].post).toBeDefined();
    expect(document.paths['/health'].get).toBeDefined();
    expect(document.servers[0].url).toBe(baseUrl);
  });

  test('curl of every API route answers as before', async () => {
    const curl = async (...args: string[]) => {
      const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', ...args]);
      const lines = stdout.trimEnd().split('\n');
      return { status: Number(lines.pop()), body: JSON.parse(lines.join('\n')) };
    };
    const json = ['-H', 'Content-Type: application/json'];
    const health = await curl(`${baseUrl}/health`);
    expect(health).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
    const one = await curl(...json, '-d', '{"text":"where is my card"}', `${baseUrl}/classify`);
    expect(one.status).toBe(200);
    expect(health.body.model.labels).toContain(one.body.label);
    const batch = await curl(
      ...json,
      '-d',
      '{"items":["where is my card",{"id":"b","text":"top up"}]}',
      `${baseUrl}/classify/batch`,
    );
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((r: any) => r.id)).toEqual([undefined, 'b']);
    const bad = await curl(...json, '-d', '{"text":"  "}', `${baseUrl}/classify`);
    expect({ status: bad.status, code: bad.body.error.code }).toEqual({ status: 400, code: 'INVALID_REQUEST' });
  });
});
