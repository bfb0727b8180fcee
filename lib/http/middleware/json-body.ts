import jsonBodyParser from '@middy/http-json-body-parser';
import { invalidRequest, malformedJson } from '../errors';
import type { HttpMiddleware } from '../types';

/**
 * Parses the JSON body with @middy/http-json-body-parser (which also decodes base64 bodies), after the stack has
 * checked the Content-Type itself. The parser's own errors (415/422-style) become 400 MALFORMED_JSON; a missing or
 * empty body is 400 INVALID_REQUEST, since there is nothing malformed about sending nothing.
 */
export function parseJsonBody(): HttpMiddleware {
  // disableContentTypeCheck is supported by the parser but missing from its type declaration.
  const parser = jsonBodyParser({ disableContentTypeCheck: true } as Parameters<typeof jsonBodyParser>[0]);
  const parse = parser.before as NonNullable<HttpMiddleware['before']>;
  return {
    before: async (request) => {
      const body: unknown = request.event.body;
      if (body === undefined || body === null || body === '') {
        throw invalidRequest(
          [{ path: '/', message: 'is required: send a JSON object' }],
          'The request body is missing.',
        );
      }
      try {
        await parse(request);
      } catch (error) {
        throw malformedJson(error);
      }
    },
  };
}
