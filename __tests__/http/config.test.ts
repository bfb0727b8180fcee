import { ConfigError, loadConfig } from '../../lib/config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      maxTextChars: 2000,
      maxBatchItems: 128,
      maxExplainedItems: 16,
      maxBodyBytes: 1_048_576,
      defaultTopK: 3,
      logLevel: 'INFO',
      corsOrigins: ['*'],
      modelDir: undefined,
      apiKeyRequired: false,
      serviceName: 'atlas-classifier',
      metricsNamespace: 'AtlasClassifier',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      MAX_TEXT_CHARS: '500',
      MAX_BATCH_ITEMS: '16',
      MAX_EXPLAINED_ITEMS: '4',
      MAX_BODY_BYTES: '65536',
      DEFAULT_TOP_K: '5',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
      MODEL_DIR: '/opt/model',
      API_KEY_REQUIRED: 'true',
      POWERTOOLS_SERVICE_NAME: 'svc',
      POWERTOOLS_METRICS_NAMESPACE: 'Ns',
    });
    expect(config).toEqual({
      maxTextChars: 500,
      maxBatchItems: 16,
      maxExplainedItems: 4,
      maxBodyBytes: 65536,
      defaultTopK: 5,
      logLevel: 'DEBUG',
      corsOrigins: ['https://app.example.com', 'https://admin.example.com'],
      modelDir: '/opt/model',
      apiKeyRequired: true,
      serviceName: 'svc',
      metricsNamespace: 'Ns',
    });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ MAX_TEXT_CHARS: '', LOG_LEVEL: '  ', CORS_ORIGINS: '' })).toMatchObject({
      maxTextChars: 2000,
      logLevel: 'INFO',
      corsOrigins: ['*'],
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it.each([
    ['MAX_TEXT_CHARS', '0'],
    ['MAX_TEXT_CHARS', '-5'],
    ['MAX_TEXT_CHARS', '12.5'],
    ['MAX_TEXT_CHARS', '1e3'],
    ['MAX_BATCH_ITEMS', 'lots'],
    ['MAX_BODY_BYTES', '0x100'],
    ['MAX_BODY_BYTES', '99999999999999999999'],
    ['DEFAULT_TOP_K', '0'],
    ['LOG_LEVEL', 'VERBOSE'],
    ['CORS_ORIGINS', 'app.example.com'],
    ['CORS_ORIGINS', ' , '],
  ])('refuses %s=%j with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name} must`));
  });

  it('fails at import (init), not at the first request, when the environment is invalid', () => {
    const saved = process.env.MAX_BATCH_ITEMS;
    process.env.MAX_BATCH_ITEMS = 'many';
    try {
      expect(() => jest.isolateModules(() => require('../../lib/config'))).toThrow(
        /MAX_BATCH_ITEMS must be a positive integer/,
      );
    } finally {
      if (saved === undefined) delete process.env.MAX_BATCH_ITEMS;
      else process.env.MAX_BATCH_ITEMS = saved;
    }
  });
});
