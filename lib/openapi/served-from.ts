import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { OpenApiServer } from './document';

// A Host header is the client's word: it goes into the document only when it is a plain host[:port].
const SAFE_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/;

type Request = Omit<APIGatewayProxyEvent, 'body'>;

function header(event: Request, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/**
 * The server a request reached, for the served document: scheme and host as the client used them, and the path
 * prefix in front of the route (the stage on API Gateway's own domain, a custom domain's base path, or nothing).
 * Falls back to the prefix alone (relative to wherever the document was fetched) when the host cannot be trusted.
 *
 * @example
 * ```ts
 * servedFrom(event); // { url: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod', ... } for GET /prod/openapi.json
 * ```
 * @param event - the `GET /openapi.json` request
 * @param env - the process environment (`IS_OFFLINE` is set by serverless offline)
 */
export function servedFrom(event: Request, env: NodeJS.ProcessEnv = process.env): OpenApiServer {
  const stagePath = event.requestContext?.stage ? `/${event.requestContext.stage}` : '';
  // API Gateway's requestContext.path is the path the client asked for, prefix included; serverless offline
  // serves under /<stage> too but leaves the stage out of it, and speaks plain HTTP.
  const offline = env.IS_OFFLINE === 'true';
  const fullPath = event.requestContext?.path ?? '';
  const basePath =
    offline || !fullPath.endsWith(event.resource)
      ? stagePath
      : fullPath.slice(0, fullPath.length - event.resource.length);
  const forwarded = header(event, 'x-forwarded-proto');
  const scheme = forwarded === 'http' || forwarded === 'https' ? forwarded : offline ? 'http' : 'https';
  const host = header(event, 'host');
  if (!host || !SAFE_HOST.test(host)) return { url: basePath || '/', description: 'This stage' };
  return { url: `${scheme}://${host}${basePath}`, description: 'This stage' };
}
