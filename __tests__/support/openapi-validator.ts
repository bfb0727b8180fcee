import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = join(
  __dirname,
  '..',
  '..',
  'node_modules',
  '@seriousme',
  'openapi-schema-validator',
  'bin',
  'validate-api-cli.js',
);

/** What @seriousme/openapi-schema-validator says of a document. */
export interface OpenApiVerdict {
  valid: boolean;
  errors?: unknown[];
}

/**
 * Validates an OpenAPI document (2.0 to 3.2) against the official schema of its version, $refs included, with
 * @seriousme/openapi-schema-validator. The package is ESM-only and reads its schemas through `import.meta.url`,
 * which jest's CommonJS transform cannot run, so its CLI runs in a child process.
 *
 * @param document - the document (any JSON value)
 */
export async function validateOpenApi(document: unknown): Promise<OpenApiVerdict> {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const { stdout } = await run(process.execPath, [cli, file]);
    return JSON.parse(stdout) as OpenApiVerdict;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
