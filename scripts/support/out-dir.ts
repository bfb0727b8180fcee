import { existsSync, readdirSync, statSync } from 'node:fs';
import { UsageError } from '../training/errors';

/** How a CLI that writes a bundle treats an `--out` that already holds something. */
export interface OutDirPolicy {
  /** Replace a non-empty directory (`--force`). Absent: the CLI has no such flag and always refuses. */
  force?: boolean;
}

/**
 * Refuses an `--out` that is a file, or a directory with anything in it, unless `force` allows replacing it. The
 * importer and the trainer both call this before they read any input, so a refusal writes nothing; a missing or
 * empty directory is always accepted.
 *
 * @param out - the `--out` value as the user typed it (named in the message)
 * @throws UsageError naming the directory and what to do, in one line
 * @example checkOutDir('model', { force: false })
 *   // UsageError: --out model: already exists and is not empty (choose a new directory, or add --force to replace it)
 */
export function checkOutDir(out: string, policy: OutDirPolicy = {}): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory())
    throw new UsageError(`--out ${out}: is a file, not a directory (choose a new directory)`);
  if (readdirSync(out).length === 0 || policy.force) return;
  const remedy =
    policy.force === undefined ? 'choose a new directory' : 'choose a new directory, or add --force to replace it';
  throw new UsageError(`--out ${out}: already exists and is not empty (${remedy})`);
}
