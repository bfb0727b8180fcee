/** The model could not be loaded; `reason` is safe to show to an API client (no paths, no stack). */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`model could not be loaded: ${reason}`, options);
  }
}
