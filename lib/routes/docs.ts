import { config as defaultConfig, type ServiceConfig } from '../config';
import { htmlResponse, jsonResponse } from '../http/response';
import { withHttpStack, type HttpHandler } from '../http/stack';
import { buildOpenApiDocument } from '../openapi/document';
import { servedFrom } from '../openapi/served-from';
import { PLAYGROUND_CSP, renderPlayground } from '../playground/page';

export interface DocsDependencies {
  /** Defaults to the process configuration (limits, and whether the stage needs an API key). */
  config?: ServiceConfig;
}

/**
 * The docs function: `GET /` (the playground page) and `GET /openapi.json` (the OpenAPI document of this stage,
 * with this stage's server URL, limits and API-key scheme). Neither loads the model or tfjs. Both go through the
 * shared stack (request id, access log, error envelope); the page gets its own CSP, the document the API's.
 *
 * @param deps - the configuration, for tests
 * @returns the Lambda handler
 */
export function createDocsHandler(deps: DocsDependencies = {}): HttpHandler {
  const config = deps.config ?? defaultConfig;
  const page = renderPlayground({ apiKeyRequired: config.apiKeyRequired, defaultTopK: config.defaultTopK });
  return withHttpStack<undefined>(
    async (event) => {
      // API Gateway names the root resource '/'; serverless offline names it ''.
      switch (event.resource || '/') {
        case '/':
          return htmlResponse(200, page);
        case '/openapi.json':
          return jsonResponse(
            200,
            buildOpenApiDocument({
              stage: event.requestContext.stage,
              apiKeyRequired: config.apiKeyRequired,
              limits: config,
              servers: [servedFrom(event)],
            }),
          );
        default:
          // serverless.yml routes only the two paths above here.
          throw new Error(`the docs function has no route for ${event.resource}`);
      }
    },
    { route: 'docs', config, securityHeaders: { htmlContentSecurityPolicy: PLAYGROUND_CSP } },
  );
}
