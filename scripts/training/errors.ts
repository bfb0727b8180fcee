/** Bad input or options for a CLI: printed as one line, exit code 1, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
