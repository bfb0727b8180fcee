const METHODS = ['debug', 'info', 'warn', 'error', 'log', 'trace'] as const;

/** What a test captured from the logger. */
export interface CapturedLogs {
  /** Every line, as printed. */
  text(): string;
  /** The lines that are JSON (Powertools' structured entries), parsed. */
  entries(): Array<Record<string, any>>;
  /** Stops capturing. */
  restore(): void;
}

/**
 * Captures everything printed through the global console until `restore`. Powertools in dev mode
 * (POWERTOOLS_DEV, set by env.ts) writes each log entry there as one JSON line.
 */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const spies = METHODS.map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
    }),
  );
  return {
    text: () => lines.join('\n'),
    entries: () =>
      lines.flatMap((line) => {
        try {
          const parsed: unknown = JSON.parse(line);
          return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, any>] : [];
        } catch {
          return [];
        }
      }),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
