import '../support/quiet-env';
import { Logger } from '@aws-lambda-powertools/logger';
import { ApiError, INTERNAL_MESSAGE, invalidRequest, modelUnavailable } from '../../../lib/http/errors';
import { errorEnvelope } from '../../../lib/http/middleware/error-envelope';
import { middyRequest, run } from '../support/middy-request';
import { bodyOf } from '../support/events';

function loggerSpy() {
  const logger = new Logger({ serviceName: 'test', logLevel: 'ERROR' });
  const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  return { logger, error };
}

async function envelopeFor(thrown: unknown) {
  const { logger, error } = loggerSpy();
  const request = middyRequest({});
  request.error = thrown as Error;
  await run(errorEnvelope(logger), 'onError', request);
  return { request, response: request.response!, logged: error };
}

describe('errorEnvelope', () => {
  it('sends an ApiError as it is, with its status, code, details and the request id', async () => {
    const { response, request, logged } = await envelopeFor(
      invalidRequest([{ path: '/text', message: 'is required' }]),
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers?.['Content-Type']).toBe('application/json');
    expect(bodyOf(response)).toEqual({
      error: {
        code: 'INVALID_REQUEST',
        message: expect.any(String),
        details: [{ path: '/text', message: 'is required' }],
      },
      requestId: 'req-test-1',
    });
    expect(request.context.summary.errorCode).toBe('INVALID_REQUEST');
    expect(logged).not.toHaveBeenCalled();
  });

  it('leaves details out when there are none', async () => {
    const { response } = await envelopeFor(modelUnavailable('weights.bin: sha256 does not match the manifest'));
    expect(response.statusCode).toBe(503);
    expect(bodyOf(response).error).toEqual({
      code: 'MODEL_UNAVAILABLE',
      message: 'The model is unavailable: weights.bin: sha256 does not match the manifest',
    });
  });

  it('turns any other error into a generic 500 and logs the real one with the request id', async () => {
    const boom = new TypeError(
      'Cannot read properties of undefined (reading "x") at /var/task/handlers/classify.js:1:2',
    );
    const { response, logged } = await envelopeFor(boom);
    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({
      error: { code: 'INTERNAL', message: INTERNAL_MESSAGE },
      requestId: 'req-test-1',
    });
    expect(response.body).not.toMatch(/TypeError|\/var\/task|at /);
    expect(logged).toHaveBeenCalledWith('unexpected error', { requestId: 'req-test-1', error: boom });
  });

  it("treats middy's own HTTP errors as unexpected (they are mapped where they arise)", async () => {
    const middyError = Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, expose: true });
    const { response } = await envelopeFor(middyError);
    expect(response.statusCode).toBe(500);
  });

  it('keeps the status of every ApiError code', async () => {
    for (const [code, status] of [
      ['MALFORMED_JSON', 400],
      ['PAYLOAD_TOO_LARGE', 413],
      ['UNSUPPORTED_MEDIA_TYPE', 415],
    ] as const) {
      const { response } = await envelopeFor(new ApiError(code, 'm'));
      expect(response.statusCode).toBe(status);
      expect(bodyOf(response).error.code).toBe(code);
    }
  });
});
