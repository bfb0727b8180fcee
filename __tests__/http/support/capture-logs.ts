const METHODS = ['debug', 'info', 'warn', 'error', 'log'] as const;

/**
 * Captures what the Powertools logger prints until `restore` is called. The tests run it in dev mode
 * (POWERTOOLS_DEV, see quiet-env.ts), where it writes each entry as JSON through the global console.
 */
export function captureLogs(): { lines: () => any[]; text: () => string; restore: () => void } {
  const entries: string[] = [];
  const spies = METHODS.map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      entries.push(args.map(String).join(' '));
    }),
  );
  return {
    text: () => entries.join('\n'),
    lines: () =>
      entries.flatMap((entry) => {
        try {
          return [JSON.parse(entry)];
        } catch {
          return [];
        }
      }),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}
