import '../http/support/quiet-env';
import { handler as classify } from '../../handlers/classify';
import { handler as classifyBatch } from '../../handlers/classify-batch';
import { handler as health } from '../../handlers/health';
import { bodyOf, eventNames, lambdaContext, loadEvent } from '../http/support/events';

/** Every file in events/, the function it is for, and what the contract says it gets. */
const EXPECTED: Record<string, { fn: 'classify' | 'classifyBatch' | 'health'; status: number; code?: string }> = {
  classify: { fn: 'classify', status: 200 },
  'classify-explain': { fn: 'classify', status: 200 },
  'classify-batch': { fn: 'classifyBatch', status: 200 },
  health: { fn: 'health', status: 200 },
  'classify-malformed-json': { fn: 'classify', status: 400, code: 'MALFORMED_JSON' },
  'classify-invalid-request': { fn: 'classify', status: 400, code: 'INVALID_REQUEST' },
  'classify-empty-text': { fn: 'classify', status: 400, code: 'INVALID_REQUEST' },
  'classify-unknown-field': { fn: 'classify', status: 400, code: 'INVALID_REQUEST' },
  'classify-unsupported-media-type': { fn: 'classify', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  'classify-payload-too-large': { fn: 'classify', status: 413, code: 'PAYLOAD_TOO_LARGE' },
  'classify-batch-too-many-items': { fn: 'classifyBatch', status: 413, code: 'PAYLOAD_TOO_LARGE' },
  'classify-batch-invalid-item': { fn: 'classifyBatch', status: 400, code: 'INVALID_REQUEST' },
};

const handlers = { classify, classifyBatch, health };

describe('events/ through the real handlers and model', () => {
  it('has an expectation for every event file, and a file for every expectation', () => {
    expect(eventNames().sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s -> %j', async (name, { fn, status, code }) => {
    const event = loadEvent(name);
    const response = await handlers[fn](event, lambdaContext());
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['Content-Type']).toBe('application/json');
    expect(response.headers?.['X-Request-Id']).toBe(event.requestContext.requestId);
    const body = bodyOf(response);
    if (code) {
      expect(body).toEqual({
        error: { code, message: expect.any(String), ...(body.error.details ? { details: expect.any(Array) } : {}) },
        requestId: event.requestContext.requestId,
      });
      for (const detail of body.error.details ?? []) {
        expect(Object.keys(detail).sort()).toEqual(['message', 'path']);
        expect(detail.path).toMatch(/^\//);
      }
    } else {
      expect(body.error).toBeUndefined();
    }
  });

  it('the INVALID_REQUEST events point at the offending field', async () => {
    const details = async (name: string, fn: 'classify' | 'classifyBatch') =>
      bodyOf(await handlers[fn](loadEvent(name), lambdaContext())).error.details;
    expect(await details('classify-invalid-request', 'classify')).toEqual([
      { path: '/text', message: 'must be a string' },
    ]);
    expect(await details('classify-empty-text', 'classify')).toEqual([
      { path: '/text', message: 'must not be empty or whitespace only' },
    ]);
    expect(await details('classify-unknown-field', 'classify')).toEqual([
      { path: '/topk', message: 'is not an allowed field' },
    ]);
    expect(await details('classify-batch-invalid-item', 'classifyBatch')).toEqual([
      { path: '/items/1/text', message: 'is required' },
      { path: '/items/2', message: 'must be a string or an object' },
    ]);
  });
});
