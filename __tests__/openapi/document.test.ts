/**
 * The OpenAPI document: valid OpenAPI 3.1 for every stage, generated from the code (so the committed copy and the
 * served copy follow every schema, route and error change), and truthful about what the handlers answer.
 */
import '../http/support/quiet-env';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { ERROR_STATUS, type ErrorCode } from '../../lib/http/errors';
import type { HttpHandler } from '../../lib/http/stack';
import { buildOpenApiDocument, type OpenApiDocument } from '../../lib/openapi/document';
import { REQUEST_EXAMPLES } from '../../lib/openapi/examples';
import { API_ROUTES, DOCS_ROUTES } from '../../lib/openapi/routes';
import { DEFAULT_OUT, renderStageDocument, serialise } from '../../scripts/openapi';
import { declaredStages, stageParams } from '../../scripts/support/stage-params';
import { projectRoot } from '../../scripts/support/service-sandbox';
import { bodyOf, eventNames, lambdaContext, loadEvent } from '../http/support/events';
import { validateOpenApi } from '../support/openapi-validator';

const stages = declaredStages();
const documents = Object.fromEntries(stages.map((stage) => [stage, renderStageDocument({ stage })])) as Record<
  string,
  OpenApiDocument
>;
const dev = documents.dev!;
const handlers: Record<string, HttpHandler> = {
  '/classify': classify,
  '/classify/batch': classifyBatch,
  '/health': health,
};

/** The schema a document declares for a route's answer with `status`, as something ajv can compile. */
function declaredSchema(document: OpenApiDocument, method: string, path: string, status: number): object {
  const operation = document.paths[path]?.[method] as any;
  const content = operation?.responses?.[String(status)]?.content?.['application/json'];
  if (!content) throw new Error(`${method.toUpperCase()} ${path} declares no JSON answer for ${status}`);
  const name = String(content.schema.$ref).replace('#/components/schemas/', '');
  return document.components.schemas![name] as object;
}

const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: true });

test('serverless.yml declares params for dev, staging and prod', () => {
  expect(stages.sort()).toEqual(['dev', 'prod', 'staging']);
});

describe.each(stages)('stage %s', (stage) => {
  const document = () => documents[stage]!;
  const keyRequired = () => stageParams(stage).apiKeyRequired === true;

  test('is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)', async () => {
    expect(await validateOpenApi(document())).toEqual({ valid: true });
  });

  test('every component schema compiles as JSON Schema 2020-12 in strict mode', () => {
    for (const [name, schema] of Object.entries(document().components.schemas!)) {
      expect(() => ajv.compile({ ...(schema as object), $id: `${stage}/${name}` })).not.toThrow();
    }
  });

  test(`${stageParams(stage).apiKeyRequired ? 'requires' : 'does not require'} x-api-key on the API routes, never on the docs routes`, () => {
    const schemes = document().components.securitySchemes;
    if (keyRequired()) {
      expect(schemes).toEqual({ apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }) });
    } else {
      expect(schemes).toBeUndefined();
    }
    for (const route of API_ROUTES) {
      const operation = document().paths[route.path]![route.method] as any;
      expect(operation.security).toEqual(keyRequired() ? [{ apiKey: [] }] : undefined);
      expect(Object.keys(operation.responses).includes('403')).toBe(keyRequired());
    }
    for (const route of DOCS_ROUTES) expect((document().paths[route.path]![route.method] as any).security).toEqual([]);
  });

  test("states the stage's limits and its API Gateway server", () => {
    const params = stageParams(stage);
    expect(document().info.description).toContain(`at most ${String(params.maxTextChars)} characters`);
    expect(document().servers[0]!.url).toBe(`https://{apiId}.execute-api.{region}.amazonaws.com/${stage}`);
  });
});

describe('routes and errors', () => {
  test('lists exactly the routes of the route table', () => {
    const listed = Object.entries(dev.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(listed.sort()).toEqual([...API_ROUTES, ...DOCS_ROUTES].map((r) => `${r.method} ${r.path}`).sort());
  });

  test("the route table matches serverless.yml's http events, function by function", () => {
    const service = parse(readFileSync(`${projectRoot}/serverless.yml`, 'utf8')) as any;
    const definitions = { ...service.functions, docs: service.custom.docsFunction.true };
    const declared = Object.entries(definitions).flatMap(([name, fn]: [string, any]) =>
      (fn.events ?? []).map(
        (event: any) => `${name}: ${event.http.method} /${String(event.http.path).replace(/^\//, '')}`,
      ),
    );
    expect(declared.sort()).toEqual(
      [...API_ROUTES, ...DOCS_ROUTES].map((r) => `${r.functionName}: ${r.method} ${r.path}`).sort(),
    );
  });

  test('every error code of a route has its status, the envelope schema and an example of that code', () => {
    for (const route of API_ROUTES) {
      const responses = (dev.paths[route.path]![route.method] as any).responses;
      for (const code of route.errors) {
        const status = ERROR_STATUS[code as ErrorCode];
        const json = responses[String(status)]?.content?.['application/json'];
        expect({ route: route.path, code, described: responses[String(status)]?.description }).toEqual({
          route: route.path,
          code,
          described: expect.stringContaining(code),
        });
        if (json.schema.$ref.endsWith('/ErrorResponse')) {
          const example = json.examples[code].value;
          expect(example.error.code).toBe(code);
          expect(ajv.validate(dev.components.schemas!.ErrorResponse as object, example)).toBe(true);
        }
      }
    }
  });
});

describe('the document tells the truth about the handlers', () => {
  test.each(eventNames())('events/%s.json: the answer matches the schema declared for its status', async (name) => {
    const event = loadEvent(name);
    const response = await handlers[event.resource]!(event, lambdaContext());
    const schema = declaredSchema(dev, event.httpMethod.toLowerCase(), event.resource, response.statusCode);
    const body = bodyOf(response);
    expect({ valid: ajv.validate(schema, body), errors: ajv.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  const examples = Object.entries(REQUEST_EXAMPLES).flatMap(([path, list]) =>
    list.map((example) => [path, example.name, example] as const),
  );
  test.each(examples)('%s example %s gets the status it claims', async (path, _name, example) => {
    const response = await handlers[path]!(loadEvent(example.name), lambdaContext());
    expect(response.statusCode).toBe(example.status);
  });
});

describe('the committed copy', () => {
  test('docs/openapi.json is what `npm run openapi` writes now (run it after changing a route, schema or error)', () => {
    expect(readFileSync(DEFAULT_OUT, 'utf8')).toBe(serialise(renderStageDocument({ stage: 'dev' })));
  });

  test('is built from the schemas and the limits it is given, not from a stored text', () => {
    const limits = { maxTextChars: 5, maxBatchItems: 2, maxExplainedItems: 1, maxBodyBytes: 100, defaultTopK: 1 };
    const document = buildOpenApiDocument({ stage: 'x', apiKeyRequired: false, limits });
    expect((document.components.schemas!.ClassifyRequest as any).properties.text.pattern).toBe('\\S');
    expect(JSON.stringify((document.paths['/classify']!.post as any).responses['413'])).toContain('5');
  });
});
