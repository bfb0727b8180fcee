/**
 * The example requests and answers in README.md, CONTRIBUTING.md and docs/*.md, generated from the service itself.
 *
 * A document marks where an example goes:
 *
 *     <!-- example:classify-top2 -->
 *     (generated: the curl request, then the JSON answer)
 *     <!-- /example -->
 *
 * and {@link renderDocument} replaces what lies between the markers with the request as curl and the answer the
 * real handler (real middy stack, default model in `model/`, default settings) gives it in process, as the tests
 * call the handlers. Scores and weights are rounded to two decimals; what differs from run to run or is too long to
 * read (request ids, the health check's 77 labels and sha256) is normalised. `npm run docs:examples` rewrites the
 * files; `__tests__/docs/examples.test.ts` fails while a committed file differs from a fresh rendering.
 *
 * The handlers read their settings at import, so the environment must be set before this module is imported
 * (scripts/docs-examples.ts does it; the test imports `__tests__/http/support/quiet-env` first).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { formatJson, oneLine } from './format-json';
import type { HealthResponse } from '../../lib/http/schemas/health-response';

const root = join(__dirname, '..', '..');

/** One documented request: what is sent, and the status it must get (the generator refuses any other). */
export interface DocExample {
  name: string;
  method: 'GET' | 'POST';
  path: '/classify' | '/classify/batch' | '/health';
  body?: unknown;
  status: number;
  /** Shortens or fixes what the reader should not compare (applied to the parsed answer). */
  normalise?: (answer: Record<string, unknown>) => unknown;
}

/** The request id every example shows, whatever the event carried. */
export const EXAMPLE_REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadb001';

/** Every example the documents may use, in the order they are run (health first: its `coldStart` is then true). */
export const DOC_EXAMPLES: readonly DocExample[] = [
  {
    name: 'health',
    method: 'GET',
    path: '/health',
    status: 200,
    normalise: (answer) => {
      const { model } = answer as HealthResponse;
      return {
        ...answer,
        model: { ...model, labels: [model.labels[0], '...'], sha256: `${model.sha256.slice(0, 8)}...` },
      };
    },
  },
  {
    name: 'classify',
    method: 'POST',
    path: '/classify',
    body: { text: 'My card still has not arrived, where is it?' },
    status: 200,
  },
  {
    name: 'classify-top2',
    method: 'POST',
    path: '/classify',
    body: { text: 'I was charged twice for the same purchase', topK: 2 },
    status: 200,
  },
  {
    name: 'classify-batch',
    method: 'POST',
    path: '/classify/batch',
    body: { items: ['How do I top up by bank transfer?', { id: 't-42', text: 'my pin is blocked' }], topK: 1 },
    status: 200,
  },
  { name: 'classify-abstain', method: 'POST', path: '/classify', body: { text: 'hi' }, status: 200 },
  {
    name: 'classify-explain',
    method: 'POST',
    path: '/classify',
    body: { text: 'someone stole my wallet with my card inside', topK: 1, explain: true },
    status: 200,
  },
  {
    name: 'limits-batch',
    method: 'POST',
    path: '/classify/batch',
    body: {
      items: [
        'Meine Karte ist immer noch nicht angekommen, wo ist sie?',
        'what is the weather like tomorrow in paris?',
      ],
      topK: 1,
    },
    status: 200,
  },
  {
    name: 'error-unknown-field',
    method: 'POST',
    path: '/classify',
    body: { text: 'I lost my card', topk: 2 },
    status: 400,
  },
];

const HANDLERS = { '/classify': classify, '/classify/batch': classifyBatch, '/health': health } as const;

/** The local URL the curl lines use: `npm start`'s. */
const BASE_URL = 'localhost:3000/dev';

/**
 * The answer the real handler gives the example, normalised and parsed.
 *
 * @param example - the request
 * @throws when the status is not the one the example claims
 */
export async function answer(example: DocExample): Promise<unknown> {
  const event = baseEvent();
  event.httpMethod = example.method;
  event.path = event.resource = example.path;
  event.requestContext = {
    ...event.requestContext,
    httpMethod: example.method,
    resourcePath: example.path,
    path: `/dev${example.path}`,
  };
  event.body = example.body === undefined ? null : JSON.stringify(example.body);
  if (example.method === 'GET') {
    event.headers = { Accept: 'application/json' };
    event.multiValueHeaders = { Accept: ['application/json'] };
  }
  const response = (await HANDLERS[example.path](event, lambdaContext())) as APIGatewayProxyResult;
  if (response.statusCode !== example.status) {
    throw new Error(
      `docs example ${example.name}: status ${response.statusCode}, expected ${example.status}: ${response.body}`,
    );
  }
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (typeof body.requestId === 'string') body.requestId = EXAMPLE_REQUEST_ID;
  return example.normalise ? example.normalise(body) : body;
}

/** The curl command that sends the example to `npm start`. */
export function curlCommand(example: DocExample): string {
  const url = `${BASE_URL}${example.path}`;
  if (example.body === undefined) return `curl -s ${url}`;
  if (JSON.stringify(example.body).includes("'"))
    throw new Error(`docs example ${example.name}: a ' in the body breaks the curl line`);
  return `curl -s ${url} -H 'Content-Type: application/json' \\\n  -d '${oneLine(example.body, undefined, false)}'`;
}

/** What goes between an example's markers. */
export function renderBlock(example: DocExample, value: unknown): string {
  return ['```bash', curlCommand(example), '```', '', '```json', formatJson(value), '```'].join('\n');
}

/** Every example's block, by name, from one run of the handlers in {@link DOC_EXAMPLES}'s order. */
export async function renderAll(): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  for (const example of DOC_EXAMPLES) blocks.set(example.name, renderBlock(example, await answer(example)));
  return blocks;
}

/** An example block: its opening marker (indented as the list item it sits in, if any) to the closing one. */
const MARKER = /^([ \t]*)<!-- example:([a-z0-9-]+) -->\n[\s\S]*?^[ \t]*<!-- \/example -->/gm;

/**
 * The document with every example block rendered afresh.
 *
 * @param text - the document
 * @param blocks - from {@link renderAll}
 * @param file - the document's name, for errors
 * @throws on a marker naming no example, or an opening marker without its closing one
 */
export function renderDocument(text: string, blocks: ReadonlyMap<string, string>, file = 'document'): string {
  const opened = text.match(/<!-- example:[a-z0-9-]+ -->/g)?.length ?? 0;
  const closed = text.match(/<!-- \/example -->/g)?.length ?? 0;
  if (opened !== closed) throw new Error(`${file}: ${opened} example markers opened, ${closed} closed`);
  return text.replace(MARKER, (_match, indent: string, name: string) => {
    const block = blocks.get(name);
    if (block === undefined)
      throw new Error(`${file}: <!-- example:${name} --> names no example in scripts/docs/examples.ts`);
    const lines = [`<!-- example:${name} -->`, ...block.split('\n'), '<!-- /example -->'];
    return lines.map((line) => (line ? indent + line : line)).join('\n');
  });
}

/** The documents that may hold examples: README.md, CONTRIBUTING.md and docs/*.md (paths from the repository root). */
export function documentFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => join('docs', file));
  return ['README.md', 'CONTRIBUTING.md', ...docs].filter((file) => existsSync(join(root, file)));
}

/** Each document whose committed text differs from a fresh rendering, with that rendering. */
export async function staleDocuments(): Promise<Array<{ file: string; committed: string; fresh: string }>> {
  const blocks = await renderAll();
  return documentFiles().flatMap((file) => {
    const committed = readFileSync(join(root, file), 'utf8');
    const fresh = renderDocument(committed, blocks, file);
    return committed === fresh ? [] : [{ file: relative(root, join(root, file)), committed, fresh }];
  });
}

function baseEvent(): APIGatewayProxyEvent {
  return JSON.parse(readFileSync(join(root, 'events', 'classify.json'), 'utf8')) as APIGatewayProxyEvent;
}

let invocation = 0;

function lambdaContext(): Context {
  invocation += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'atlas-classifier-dev-docs-examples',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:atlas-classifier-dev-docs-examples',
    memoryLimitInMB: '1024',
    awsRequestId: `docs-example-${invocation}`,
    logGroupName: '/aws/lambda/atlas-classifier-dev-docs-examples',
    logStreamName: 'docs-examples',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
