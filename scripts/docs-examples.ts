/**
 * `npm run docs:examples [-- --check]`: renders every `<!-- example:NAME -->` block in README.md, CONTRIBUTING.md
 * and docs/*.md from the real handlers on the default model (see scripts/docs/examples.ts) and writes the files that
 * changed; with `--check`, writes nothing and exits 1 naming the stale files. Run it after changing the model, a
 * route or a response; `__tests__/docs/examples.test.ts` fails until you do.
 */
import './docs/env';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { staleDocuments } from './docs/examples';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale = await staleDocuments();
  for (const { file, fresh } of stale) {
    if (check) console.error(`stale examples: ${file}`);
    else {
      writeFileSync(join(__dirname, '..', file), fresh);
      console.log(`rewrote the examples in ${file}`);
    }
  }
  if (stale.length === 0) console.log('every documented example is what the service answers now');
  if (check && stale.length) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
