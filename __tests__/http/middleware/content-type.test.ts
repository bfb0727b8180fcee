import '../support/quiet-env';
import { headerValue, isJsonContentType, requireJsonContentType } from '../../../lib/http/middleware/content-type';
import { middyRequest, run } from '../support/middy-request';

describe('isJsonContentType', () => {
  it.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['Application/JSON;charset=UTF-8'],
    ['application/json; charset="utf-8"'],
    ['application/json;charset=utf8'],
  ])('accepts %s', (value) => {
    expect(isJsonContentType({ 'Content-Type': value })).toBe(true);
  });

  it.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['application/jsonp'],
    ['application/json; charset=iso-8859-1'],
    ['multipart/form-data; boundary=x'],
    [''],
  ])('refuses %s', (value) => {
    expect(isJsonContentType({ 'Content-Type': value })).toBe(false);
  });

  it('finds the header whatever the case of its name', () => {
    for (const name of ['content-type', 'Content-Type', 'CONTENT-TYPE', 'content-TYPE']) {
      expect(isJsonContentType({ [name]: 'application/json' })).toBe(true);
    }
  });

  it('refuses a request without headers or without a Content-Type', () => {
    expect(isJsonContentType(null)).toBe(false);
    expect(isJsonContentType({ Accept: 'application/json' })).toBe(false);
  });

  it('headerValue returns undefined for a missing header', () => {
    expect(headerValue({ Accept: 'x' }, 'content-type')).toBeUndefined();
  });
});

describe('requireJsonContentType', () => {
  it('throws 415 UNSUPPORTED_MEDIA_TYPE for a non-JSON type', async () => {
    const request = middyRequest({ headers: { 'Content-Type': 'text/plain' }, body: 'hi' });
    await expect(run(requireJsonContentType(), 'before', request)).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      statusCode: 415,
    });
  });

  it('lets JSON through untouched', async () => {
    const request = middyRequest({ headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' });
    await run(requireJsonContentType(), 'before', request);
    expect(request.event.body).toBe('{}');
  });
});
