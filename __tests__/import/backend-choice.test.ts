/**
 * How import chooses the backend a model is served on (`scripts/import/backend-choice.ts`), on given figures: the
 * measuring itself runs in child processes, which `import-model.test.ts` exercises on the example LSTM.
 */
import { join } from 'node:path';
import type { BackendTiming, ServingBackend } from '../../lib/model/bundle/serving';
import {
  checkBackendRequest,
  chooseServing,
  fasterBackend,
  MEASURE_ROUNDS,
  measureBackend,
  WASM_MARGIN,
} from '../../scripts/import/backend-choice';
import { tempDir } from '../model/fixture-bundle';

const timing = (singleMedianMs: number): BackendTiming => ({
  loadMs: 50,
  singleMedianMs,
  singleCalls: 300,
  batchPerRowMs: 0.5,
  batchRows: 32,
  batchCalls: 40,
});

/** A measure function with set figures; a backend without figures fails as a child would. */
function figures(byBackend: Partial<Record<ServingBackend, number>>) {
  const asked: ServingBackend[] = [];
  const measure = async (_dir: string, backend: ServingBackend) => {
    asked.push(backend);
    const ms = byBackend[backend];
    if (ms === undefined) throw new Error(`no ${backend} for you`);
    return timing(ms);
  };
  return { measure, asked };
}

describe('choosing the serving backend', () => {
  it('keeps cpu unless wasm is faster for one input by more than the margin', () => {
    expect(fasterBackend(timing(2.4), timing(3.6))).toBe('cpu');
    expect(fasterBackend(timing(2.4), timing(2.4 * (1 - WASM_MARGIN) + 0.01))).toBe('cpu');
    expect(fasterBackend(timing(2.4), timing(2.4 * (1 - WASM_MARGIN) - 0.01))).toBe('wasm');
  });

  it('auto measures cpu then wasm, one at a time, in alternating rounds, and records both with the faster', async () => {
    const { measure, asked } = figures({ cpu: 3, wasm: 1 });
    expect(await chooseServing('bundle', 'auto', 'text', measure)).toEqual({
      backend: 'wasm',
      chosenBy: 'measured',
      measured: { cpu: timing(3), wasm: timing(1) },
    });
    expect(asked).toEqual(Array.from({ length: MEASURE_ROUNDS }, () => ['cpu', 'wasm']).flat());
  });

  it("keeps each backend's best round, so one slow round does not decide", async () => {
    // cpu's first round was slowed by something else on the machine; its second is what it can do.
    const rounds: Record<ServingBackend, number[]> = { cpu: [3.4, 2.5], wasm: [2.6, 2.7] };
    const measure = async (_dir: string, backend: ServingBackend) => timing(rounds[backend].shift()!);
    expect(await chooseServing('bundle', 'auto', 'text', measure)).toEqual({
      backend: 'cpu',
      chosenBy: 'measured',
      measured: { cpu: timing(2.5), wasm: timing(2.6) },
    });
  });

  it('auto falls back to cpu when wasm cannot be measured, and records why', async () => {
    expect(await chooseServing('bundle', 'auto', 'text', figures({ cpu: 3 }).measure)).toEqual({
      backend: 'cpu',
      chosenBy: 'wasm-failed',
      measured: { cpu: timing(3) },
      wasmError: 'no wasm for you',
    });
  });

  it("a forced backend is the only one measured, recorded as the user's choice; one that does not load is refused", async () => {
    const { measure, asked } = figures({ cpu: 1, wasm: 3 });
    expect(await chooseServing('bundle', 'wasm', 'text', measure)).toEqual({
      backend: 'wasm',
      chosenBy: 'user',
      measured: { wasm: timing(3) },
    });
    expect(asked).toEqual(['wasm']);
    await expect(chooseServing('bundle', 'wasm', 'text', figures({ cpu: 1 }).measure)).rejects.toThrow(
      '--backend wasm: the bundle does not load on the wasm backend: no wasm for you',
    );
  });

  it('takes auto, cpu or wasm for --backend (auto when absent) and names them when given anything else', () => {
    expect(checkBackendRequest(undefined)).toBe('auto');
    expect(checkBackendRequest('wasm')).toBe('wasm');
    expect(() => checkBackendRequest('webgl')).toThrow('--backend webgl: must be one of auto, cpu, wasm');
  });

  it('a measuring process that fails says why, in one line', async () => {
    const { dir, cleanup } = tempDir('atlas-measure-');
    try {
      await expect(measureBackend(join(dir, 'missing'), 'cpu', 'text')).rejects.toThrow(
        /^model could not be loaded: .*manifest/,
      );
    } finally {
      cleanup();
    }
  }, 30_000);
});
