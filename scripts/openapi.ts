/**
 * `npm run openapi [-- --stage prod] [--out file] [--server-url URL]`: writes the OpenAPI 3.1 document of a stage
 * for client generators and gateways. The stage's API-key setting and limits come from serverless.yml's params;
 * the servers are API Gateway's URL for the stage and serverless offline's, unless --server-url names the real one.
 * With no options it rewrites docs/openapi.json (dev), the copy a test compares with a fresh generation.
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadConfig } from '../lib/config';
import { buildOpenApiDocument, type OpenApiDocument } from '../lib/openapi/document';
import { projectRoot } from './support/service-sandbox';
import { stageParams } from './support/stage-params';

/** Where `npm run openapi` writes by default: the committed copy. */
export const DEFAULT_OUT = join(projectRoot, 'docs', 'openapi.json');

export interface OpenApiCliOptions {
  stage: string;
  serverUrl?: string;
}

/**
 * The document of a stage as serverless.yml configures it.
 *
 * @example
 * ```ts
 * renderStageDocument({ stage: 'prod' }).components.securitySchemes; // { apiKey: { type: 'apiKey', ... } }
 * ```
 * @param options - the stage, and the server URL when known
 */
export function renderStageDocument(options: OpenApiCliOptions): OpenApiDocument {
  const params = stageParams(options.stage);
  // The limits as the stage's functions would read them, through the same parser and defaults.
  const limits = loadConfig({
    MAX_TEXT_CHARS: stringParam(params.maxTextChars),
    MAX_BATCH_ITEMS: stringParam(params.maxBatchItems),
    MAX_EXPLAINED_ITEMS: stringParam(params.maxExplainedItems),
    MAX_BODY_BYTES: stringParam(params.maxBodyBytes),
    DEFAULT_TOP_K: stringParam(params.defaultTopK),
  });
  return buildOpenApiDocument({
    stage: options.stage,
    apiKeyRequired: params.apiKeyRequired === true,
    limits,
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
  });
}

/** The document as the file holds it: two-space JSON with a final newline. */
export function serialise(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function stringParam(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

if (require.main === module) {
  const options = new Command()
    .name('npm run openapi --')
    .description('Write the OpenAPI 3.1 document of a stage.')
    .option('--stage <name>', 'the stage whose settings to document', 'dev')
    .option('--out <file>', 'where to write it', DEFAULT_OUT)
    .option('--server-url <url>', "the stage's base URL, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod")
    .parse()
    .opts<OpenApiCliOptions & { out: string }>();
  if (options.serverUrl && !/^https?:\/\/\S+$/.test(options.serverUrl)) {
    console.error(`--server-url must be an http(s) URL, got ${JSON.stringify(options.serverUrl)}`);
    process.exit(2);
  }
  const text = serialise(renderStageDocument(options));
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, text);
  console.log(`wrote ${relative(process.cwd(), options.out) || options.out} (stage ${options.stage})`);
}
