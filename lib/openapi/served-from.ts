import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { OpenApiServer } from './document';

// A Host header is the client's word: it goes into the document only when it is a plain host[:port].
const SAFE_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/;

function header(event: Omit<APIGatewayProxyEvent, 'body'>, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? undefined;
}

/**
 * The server a request reached, for the served document: scheme and host as the client used them, and the path
 * prefix in front of the route (the stage, or a custom domain's base path). Falls back to the stage path alone
 * (relative to wherever the document was fetched) when the host cannot be trusted as it is.
 *
 * @example
 * ```ts
 * servedFrom(event); // { url: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod' } for GET /prod/openapi.json
 * ```
 * @param event - the `GET /openapi.json` request
 */
export function servedFrom(event: Omit<APIGatewayProxyEvent, 'body'>): OpenApiServer {
  const fullPath = event.requestContext?.path ?? '';
  const stagePath = `/${event.requestContext?.stage ?? ''}`.replace(/\/$/, '');
  const basePath = fullPath.endsWith(event.resource) ? fullPath.slice(0, fullPath.length - event.resource.length) : stagePath;
  const host = header(event, 'host');
  const forwarded = header(event, 'x-forwarded-proto');
  const scheme = forwarded === 'http' || forwarded === 'https' ? forwarded : 'https';
  if (!host || !SAFE_HOST.test(host)) return { url: basePath || '/', description: 'This stage' };
  return { url: `${scheme}://${host}${basePath}`, description: 'This stage' };
}
