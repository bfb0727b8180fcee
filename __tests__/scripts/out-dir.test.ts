import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importModel } from '../../scripts/import/import-model';
import { checkOutDir } from '../../scripts/support/out-dir';
import { tempDir } from '../model/fixture-bundle';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('atlas-out-dir-')));
afterAll(() => cleanup());

describe('checkOutDir: the one --out check of the importer and the trainer', () => {
  it('accepts a missing or empty directory, whatever the policy', () => {
    mkdirSync(join(dir, 'empty'));
    for (const out of [join(dir, 'missing'), join(dir, 'empty')]) {
      expect(() => checkOutDir(out)).not.toThrow();
      expect(() => checkOutDir(out, { force: false })).not.toThrow();
    }
  });

  it('refuses a non-empty directory, offering --force only where the CLI has it', () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'manifest.json'), '{}');
    expect(() => checkOutDir(full)).toThrow(`--out ${full}: already exists and is not empty (choose a new directory)`);
    expect(() => checkOutDir(full, { force: false })).toThrow(
      `--out ${full}: already exists and is not empty (choose a new directory, or add --force to replace it)`,
    );
    expect(() => checkOutDir(full, { force: true })).not.toThrow();
  });

  it('refuses a file even with --force', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => checkOutDir(file, { force: true })).toThrow(
      `--out ${file}: is a file, not a directory (choose a new directory)`,
    );
  });

  it('is what import-model refuses with, before it reads the model', async () => {
    const full = join(dir, 'import-full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'x');
    await expect(
      importModel({ model: join(dir, 'no-such-model'), out: full, labels: 'a,b', input: 'spec.json' }),
    ).rejects.toThrow(`--out ${full}: already exists and is not empty (choose a new directory)`);
    expect(readdirSync(full)).toEqual(['keep.txt']);
  });
});
