import '../http/support/quiet-env';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { handler } from '../../handlers/docs';
import { loadConfig } from '../../lib/config';
import { SECURITY_HEADERS } from '../../lib/http/middleware/security-headers';
import { topKSchema } from '../../lib/http/schemas/text';
import { servedFrom } from '../../lib/openapi/served-from';
import { PLAYGROUND_CSP } from '../../lib/playground/page';
import { createDocsHandler } from '../../lib/routes/docs';
import { captureLogs } from '../http/support/capture-logs';
import { bodyOf, lambdaContext, loadEvent } from '../http/support/events';

/** A GET on the docs function, as API Gateway sends it for the dev stage (derived from events/health.json). */
function getEvent(
  resource: string,
  headers: Record<string, string> = { Host: 'abcdef1234.execute-api.us-east-1.amazonaws.com' },
): APIGatewayProxyEvent {
  const event = loadEvent('health');
  event.resource = resource;
  event.path = resource;
  event.requestContext.resourcePath = resource;
  event.requestContext.path = `/dev${resource}`;
  event.headers = { ...headers, 'X-Forwarded-Proto': 'https' };
  event.multiValueHeaders = {};
  return event;
}

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('GET / (the playground)', () => {
  test('answers the page with its own CSP, which allows exactly its inline script and style', async () => {
    const response = await handler(getEvent('/'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
    expect(response.headers?.['Content-Security-Policy']).toBe(PLAYGROUND_CSP);
    // Every other security header stays as on the API.
    const { 'Content-Security-Policy': _csp, ...others } = SECURITY_HEADERS;
    expect(response.headers).toMatchObject(others);

    const page = response.body;
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect([scripts.length, styles.length]).toEqual([1, 1]);
    const policy = Object.fromEntries(
      PLAYGROUND_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(policy).toEqual({
      'default-src': "'none'",
      'script-src': hashOf(scripts[0]!),
      'style-src': hashOf(styles[0]!),
      'connect-src': "'self'",
      'img-src': 'data:',
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  test("answers the page for serverless offline's name of the root resource ('') too", async () => {
    const response = await handler(getEvent(''), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
  });

  test('loads nothing from elsewhere and has nothing the CSP would block', async () => {
    const page = (await handler(getEvent('/'), lambdaContext())).body;
    expect(page).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*rel="stylesheet"|https?:\/\/|\/\/cdn/i);
    // Inline handlers and style attributes would need 'unsafe-inline' / 'unsafe-hashes'.
    expect(page).not.toMatch(/\son[a-z]+="|\sstyle="/i);
  });

  test("fills in the schema's topK minimum and the stage's default topK, and leaves no marker behind", async () => {
    const page = (
      await createDocsHandler({ config: loadConfig({ DEFAULT_TOP_K: '5' }) })(getEvent('/'), lambdaContext())
    ).body;
    expect(page).toMatch(new RegExp(`<input id="top-k" type="number" min="${topKSchema.minimum}" step="1" value="5"`));
    expect(page).not.toMatch(/__[A-Z_]+__/);
  });

  test('shows the API-key field only on stages that need a key', async () => {
    const open = createDocsHandler({ config: loadConfig({ API_KEY_REQUIRED: 'false' }) });
    const keyed = createDocsHandler({ config: loadConfig({ API_KEY_REQUIRED: 'true' }) });
    expect((await open(getEvent('/'), lambdaContext())).body).toContain('data-api-key-required="false"');
    expect((await keyed(getEvent('/'), lambdaContext())).body).toContain('data-api-key-required="true"');
  });
});

describe('GET /openapi.json', () => {
  test("answers this stage's document with its own server URL and the API's strict CSP", async () => {
    const response = await handler(getEvent('/openapi.json'), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json', ...SECURITY_HEADERS });
    const document = bodyOf(response);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([
      { url: 'https://abcdef1234.execute-api.us-east-1.amazonaws.com/dev', description: 'This stage' },
    ]);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/classify', '/classify/batch', '/health']));
  });

  test('declares the x-api-key scheme when the stage needs a key', async () => {
    const keyed = createDocsHandler({ config: loadConfig({ API_KEY_REQUIRED: 'true' }) });
    const document = bodyOf(await keyed(getEvent('/openapi.json'), lambdaContext()));
    expect(document.components.securitySchemes.apiKey).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-api-key',
    });
    expect(document.paths['/classify'].post.security).toEqual([{ apiKey: [] }]);
  });

  test("names a custom domain's base path, and serverless offline's stage path over plain HTTP", () => {
    const custom = getEvent('/openapi.json', { Host: 'api.example.com' });
    custom.requestContext.path = '/v1/openapi.json';
    expect(servedFrom(custom, {}).url).toBe('https://api.example.com/v1');
    const offline = getEvent('/openapi.json', { Host: '127.0.0.1:3000' });
    offline.headers = { Host: '127.0.0.1:3000' };
    offline.requestContext.path = '/openapi.json';
    expect(servedFrom(offline, { IS_OFFLINE: 'true' }).url).toBe('http://127.0.0.1:3000/dev');
  });

  test('puts a Host header it cannot trust nowhere: the server is then the stage path alone', async () => {
    const response = await handler(getEvent('/openapi.json', { Host: 'evil.example"><script>' }), lambdaContext());
    expect(bodyOf(response).servers).toEqual([{ url: '/dev', description: 'This stage' }]);
  });
});

test('a route it does not serve is a 500 envelope, not a crash', async () => {
  const logs = captureLogs();
  const response = await handler(getEvent('/elsewhere'), lambdaContext());
  logs.restore();
  expect(response.statusCode).toBe(500);
  expect(bodyOf(response).error.code).toBe('INTERNAL');
});

test('API_KEY_REQUIRED accepts only true or false', () => {
  expect(loadConfig({}).apiKeyRequired).toBe(false);
  expect(loadConfig({ API_KEY_REQUIRED: 'TRUE' }).apiKeyRequired).toBe(true);
  expect(() => loadConfig({ API_KEY_REQUIRED: 'yes' })).toThrow(/API_KEY_REQUIRED must be one of true, false/);
});
