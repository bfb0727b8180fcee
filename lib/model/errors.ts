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

/**
 * The model answered with a score that is not a finite number in [0, 1] (a NaN or Infinity from an imported model's
 * arithmetic). Nothing is sent but a 500 saying so; `reason` is safe to show to a client.
 */
export class ModelOutputError extends Error {
  override readonly name = 'ModelOutputError';
  constructor(readonly reason: string) {
    super(`the model's output is not valid: ${reason}`);
  }
}
