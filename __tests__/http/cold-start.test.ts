type ColdStartModule = typeof import('../../lib/observability/cold-start');

function freshModule(initializationType?: string): ColdStartModule {
  const saved = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  if (initializationType === undefined) delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  else process.env.AWS_LAMBDA_INITIALIZATION_TYPE = initializationType;
  try {
    let loaded: ColdStartModule | undefined;
    jest.isolateModules(() => {
      loaded = require('../../lib/observability/cold-start') as ColdStartModule;
    });
    return loaded!;
  } finally {
    if (saved === undefined) delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
    else process.env.AWS_LAMBDA_INITIALIZATION_TYPE = saved;
  }
}

describe('takeColdStart', () => {
  it('is true for the first request of an on-demand environment only', () => {
    const { takeColdStart } = freshModule('on-demand');
    expect([takeColdStart(), takeColdStart(), takeColdStart()]).toEqual([true, false, false]);
  });

  it('is never true under provisioned concurrency (the environment was initialised ahead of traffic)', () => {
    const { takeColdStart } = freshModule('provisioned-concurrency');
    expect(takeColdStart()).toBe(false);
  });
});
