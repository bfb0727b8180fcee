import { createRecoveringLoader } from '../../lib/serving/recovering-loader';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createRecoveringLoader', () => {
  it('loads once and keeps the value', async () => {
    const load = jest.fn(async () => ({ id: 1 }));
    const loader = createRecoveringLoader(load);
    const first = await loader.get();
    expect(await loader.get()).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shares one attempt between concurrent callers', async () => {
    const pending = deferred<string>();
    const load = jest.fn(() => pending.promise);
    const loader = createRecoveringLoader(load);
    const both = Promise.all([loader.get(), loader.get()]);
    pending.resolve('model');
    expect(await both).toEqual(['model', 'model']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failure: the next caller tries again and can succeed', async () => {
    let broken = true;
    const loader = createRecoveringLoader(() => {
      if (broken) throw new Error('weights.bin: sha256 does not match');
      return 'model';
    });
    await expect(loader.get()).rejects.toThrow('sha256');
    await expect(loader.get()).rejects.toThrow('sha256');
    broken = false;
    await expect(loader.get()).resolves.toBe('model');
  });

  it('preload starts loading at once, and a request during it waits for the same attempt', async () => {
    const pending = deferred<string>();
    const load = jest.fn(() => pending.promise);
    const loader = createRecoveringLoader(load);
    loader.preload();
    expect(load).toHaveBeenCalledTimes(1);
    const request = loader.get();
    pending.resolve('model');
    expect(await request).toBe('model');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reports a failed preload instead of leaving an unhandled rejection, and the next get retries', async () => {
    const onPreloadError = jest.fn();
    const load = jest.fn().mockRejectedValueOnce(new Error('missing')).mockResolvedValueOnce('model');
    const loader = createRecoveringLoader(load, { onPreloadError });
    loader.preload();
    await new Promise((resolve) => setImmediate(resolve));
    expect(onPreloadError).toHaveBeenCalledWith(expect.objectContaining({ message: 'missing' }));
    await expect(loader.get()).resolves.toBe('model');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reset disposes the value and the next get loads a new one', async () => {
    const dispose = jest.fn();
    let n = 0;
    const loader = createRecoveringLoader(() => ({ n: ++n }), { dispose });
    const first = await loader.get();
    loader.reset();
    expect(dispose).toHaveBeenCalledWith(first);
    expect(await loader.get()).toEqual({ n: 2 });
  });

  it('disposes a value whose load finished after a reset, never caching it', async () => {
    const pending = deferred<{ stale: boolean }>();
    const dispose = jest.fn();
    const loader = createRecoveringLoader(
      jest.fn().mockReturnValueOnce(pending.promise).mockReturnValue({ stale: false }),
      { dispose },
    );
    const during = loader.get();
    loader.reset();
    pending.resolve({ stale: true });
    await during;
    expect(dispose).toHaveBeenCalledWith({ stale: true });
    expect(await loader.get()).toEqual({ stale: false });
  });
});
