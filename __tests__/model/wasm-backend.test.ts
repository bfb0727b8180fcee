import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier } from '../../lib/model/load-classifier';
import { tf } from '../../lib/model/tf/index';
import type { Prediction } from '../../lib/model/types';
import { exampleOptions, LSTM } from '../import/support/examples';
import { tempDir } from './fixture-bundle';

const ROOT = join(__dirname, '..', '..');
const TEXTS = ['a wonderful film, great acting', 'boring and bad, a waste of time'];

/**
 * Imports the example LSTM with `--backend wasm` and classifies TEXTS on the cpu backend, asked for by name, in
 * another process (a process picks one backend).
 */
function importedOnCpu(modelDir: string, scratch: string): Prediction[] {
  const script = `
    import { importModel } from ${JSON.stringify(join(ROOT, 'scripts/import/import-model'))};
    import { loadClassifier } from ${JSON.stringify(join(ROOT, 'lib/model/load-classifier'))};
    void (async () => {
      await importModel(${JSON.stringify({ ...exampleOptions(LSTM, modelDir), backend: 'wasm' })});
      const classifier = await loadClassifier(${JSON.stringify(modelDir)}, { backend: 'cpu' });
      process.stdout.write('\\nRESULT ' + JSON.stringify(classifier.classify(${JSON.stringify(TEXTS)}, 2)));
    })();`;
  const file = join(scratch, 'on-cpu.ts');
  writeFileSync(file, script);
  const out = execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [file], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.slice(out.lastIndexOf('RESULT ') + 'RESULT '.length)) as Prediction[];
}

describe('the wasm backend (for the generic layers runtime, when the manifest records it)', () => {
  it('serves an LSTM imported with --backend wasm on wasm, unasked, with the scores the cpu backend gives', async () => {
    const scratch = tempDir('wasm-lstm').dir;
    const modelDir = join(scratch, 'bundle');
    const expected = importedOnCpu(modelDir, scratch);
    const classifier = await loadClassifier(modelDir);
    try {
      expect(tf.getBackend()).toBe('wasm');
      classifier.classify(TEXTS, 2).forEach((prediction, row) => {
        expect(prediction.label).toBe(expected[row]!.label);
        expect(Math.abs(prediction.score - expected[row]!.score)).toBeLessThan(1e-4);
      });
    } finally {
      classifier.dispose();
    }
  });
});
