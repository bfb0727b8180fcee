import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_DIR, renderValidators } from '../../scripts/compile-schemas';

describe('precompiled schema validators (lib/http/schemas/generated)', () => {
  const rendered = renderValidators();

  it.each([...rendered.keys()])('%s is up to date with lib/http/schemas (else run `npm run build:schemas`)', (file) => {
    const onDisk = readFileSync(join(GENERATED_DIR, file), 'utf8');
    expect(onDisk === rendered.get(file)).toBe(true);
  });

  it('need neither ajv nor anything else at runtime', () => {
    for (const [file, source] of rendered) {
      if (file.endsWith('.js')) expect(source).not.toMatch(/\brequire\(/);
    }
  });
});
