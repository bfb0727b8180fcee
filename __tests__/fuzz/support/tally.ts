/**
 * Counts the inputs a suite generated, by kind, so the report can say what was tried and a test can prove every
 * generator really ran (a generator that silently produced nothing would otherwise go unnoticed).
 */
export class Tally {
  private readonly counts = new Map<string, number>();

  constructor(readonly title: string) {}

  /** Counts one input of each given kind. */
  add(...kinds: string[]): void {
    for (const kind of kinds) this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  get(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  /** Every kind counted, largest first. */
  entries(): Array<[string, number]> {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
  }

  /** One line per kind, for the test output. */
  summary(): string {
    const rows = this.entries().map(([kind, count]) => `  ${String(count).padStart(6)}  ${kind}`);
    return `${this.title}\n${rows.join('\n')}`;
  }
}
