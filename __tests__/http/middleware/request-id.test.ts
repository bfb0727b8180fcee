import '../support/quiet-env';
import { REQUEST_ID_HEADER, requestId, requestIdOf } from '../../../lib/http/middleware/request-id';
import { middyRequest, okResponse, run } from '../support/middy-request';

describe('requestIdOf', () => {
  it("prefers API Gateway's request id", () => {
    expect(requestIdOf({ requestContext: { requestId: 'apigw-1' } as never }, { awsRequestId: 'lambda-1' })).toBe(
      'apigw-1',
    );
  });

  it('falls back to the Lambda request id', () => {
    expect(requestIdOf({}, { awsRequestId: 'lambda-1' })).toBe('lambda-1');
  });

  it('makes up a UUID when there is neither', () => {
    expect(requestIdOf(undefined, undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not trust an id that is unsafe in a header', () => {
    expect(
      requestIdOf({ requestContext: { requestId: 'a\r\nSet-Cookie: x=1' } as never }, { awsRequestId: 'lambda-2' }),
    ).toBe('lambda-2');
  });
});

describe('requestId middleware', () => {
  it('puts the id on the context before the handler runs', async () => {
    const request = middyRequest({ requestContext: { requestId: 'apigw-7' } as never });
    await run(requestId(), 'before', request);
    expect(request.context.requestId).toBe('apigw-7');
  });

  it('returns the id in X-Request-Id on success and on error', async () => {
    for (const hook of ['after', 'onError'] as const) {
      const request = middyRequest({ requestContext: { requestId: 'apigw-8' } as never }, okResponse());
      await run(requestId(), 'before', request);
      await run(requestId(), hook, request);
      expect(request.response?.headers?.[REQUEST_ID_HEADER]).toBe('apigw-8');
      expect(request.response?.headers?.['Content-Type']).toBe('application/json');
    }
  });
});
