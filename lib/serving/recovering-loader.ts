/** A value loaded once and kept, where a failed load is retried by the next caller instead of being cached. */
export interface RecoveringLoader<T> {
  /**
   * The loaded value: the cached one, the load already under way, or a new attempt if the last one failed.
   * Concurrent callers share one attempt.
   *
   * @throws whatever the load threw
   */
  get(): Promise<T>;
  /** Starts loading now (at init) without waiting; a failure is reported to `onPreloadError` and retried by `get`. */
  preload(): void;
  /** Drops the cached value (disposing it) so the next `get` loads afresh. For tests and operators. */
  reset(): void;
  /**
   * Drops `value` (disposing it) if it is still the cached one, so the next `get` loads afresh: for a value found
   * broken after it loaded. A value already replaced is left alone.
   */
  drop(value: T): void;
}

export interface RecoveringLoaderOptions<T> {
  /** Releases a value dropped by `reset`. */
  dispose?: (value: T) => void;
  /** Hears about a failed preload (nobody is waiting for it, so it would otherwise go unnoticed). */
  onPreloadError?: (error: unknown) => void;
}

/**
 * Creates a {@link RecoveringLoader}. Only a fully loaded value is ever cached, so a half-loaded model is never
 * served, and a broken bundle costs one failed attempt per request until it is fixed, never a crash loop.
 *
 * @param load - produces the value; throws (or rejects) on failure
 * @param options - disposal and preload error reporting
 */
export function createRecoveringLoader<T>(
  load: () => T | Promise<T>,
  options: RecoveringLoaderOptions<T> = {},
): RecoveringLoader<T> {
  let loaded: { value: T } | undefined;
  let pending: Promise<T> | undefined;

  const attempt = (): Promise<T> => {
    const current = (async () => load())().then(
      (value) => {
        if (pending === current) {
          loaded = { value };
          pending = undefined;
        } else {
          // reset() was called while this attempt ran: nobody owns the value any more.
          options.dispose?.(value);
        }
        return value;
      },
      (error: unknown) => {
        if (pending === current) pending = undefined;
        throw error;
      },
    );
    pending = current;
    return current;
  };

  return {
    get: () => (loaded ? Promise.resolve(loaded.value) : (pending ?? attempt())),
    preload: () => {
      if (loaded || pending) return;
      attempt().catch((error: unknown) => options.onPreloadError?.(error));
    },
    reset: () => {
      if (loaded) options.dispose?.(loaded.value);
      loaded = undefined;
      pending = undefined;
    },
    drop: (value) => {
      if (loaded?.value !== value) return;
      loaded = undefined;
      options.dispose?.(value);
    },
  };
}
