import { InvalidArgumentError } from 'commander';
import { UsageError } from './errors';

/** commander parser for an integer flag with a lower bound. */
export function intAtLeast(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

/** commander parser for a number flag within [min, max]. */
export function numberIn(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a number in [${min}, ${max}]`);
    return n;
  };
}

/** commander parser for a uint8 code width: 2 to 8 bits. */
export function bitDepth(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 8)
    throw new InvalidArgumentError('expected a whole number of bits from 2 to 8');
  return n;
}

/** commander parser for a comma-separated list of {@link bitDepth}s, e.g. `8,6,5`. */
export function bitDepthList(value: string): number[] {
  return value.split(',').map((part) => bitDepth(part.trim()));
}

/** commander parser for an n-gram range `2-5`, a single size `3`, or `none`. */
export function ngramRange(value: string): [number, number] | null {
  if (value === 'none') return null;
  const match = /^(\d+)(?:-(\d+))?$/.exec(value);
  const lo = Number(match?.[1]);
  const hi = Number(match?.[2] ?? match?.[1]);
  if (!match || lo < 1 || hi < lo) throw new InvalidArgumentError('expected a range like 2-5, a size like 3, or none');
  return [lo, hi];
}

/** Runs a CLI body: bad input prints one line and exits 1; anything else prints the error and exits 2. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  });
}
