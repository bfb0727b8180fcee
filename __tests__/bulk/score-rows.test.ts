import '../http/support/quiet-env';
import { handler as batchHandler } from '../../handlers/classify-batch';
import { scoreRows, type BulkRow, type ScoreSettings } from '../../lib/bulk/score-rows';
import { resolveModelDir } from '../../lib/model/bundle/model-dir';
import { loadClassifier } from '../../lib/model/load-classifier';
import type { Classifier, ClassifierInput, Prediction } from '../../lib/model/types';
import { bodyOf, jsonEvent, lambdaContext } from '../http/support/events';
import { join } from 'node:path';
import { importModel } from '../../scripts/import/import-model';
import { exampleOptions, MLP } from '../import/support/examples';
import { tempDir } from '../model/fixture-bundle';

const settings: ScoreSettings = { textColumn: 'text', idColumn: 'id', maxTextChars: 2000 };
const rows = (values: Record<string, unknown>[]): BulkRow[] => values.map((v, i) => ({ row: i + 1, values: v }));

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier(resolveModelDir(__dirname, {}));
});
afterAll(() => classifier.dispose());

describe('scoreRows with the default model', () => {
  const texts = [
    'I am still waiting on my card?',
    'how do I top up with cash',
    'I want a refund',
    'what is the exchange rate',
  ];

  it('answers as POST /classify/batch does for the same texts, in order, with ids echoed', async () => {
    const scored = scoreRows(classifier, rows(texts.map((text, i) => ({ id: `t${i}`, text }))), {
      ...settings,
      topK: 3,
    });
    const response = await batchHandler(
      jsonEvent({ items: texts.map((text, i) => ({ id: `t${i}`, text })), topK: 3 }, '/classify/batch'),
      lambdaContext(),
    );
    const api = bodyOf(response).results as Array<Record<string, unknown>>;
    expect(scored).toEqual(api.map((result, i) => ({ row: i + 1, ...result })));
  });

  it('leaves `top` out without topK, and label, score and abstained are the same as with it', () => {
    const without = scoreRows(classifier, rows(texts.map((text) => ({ text }))), settings);
    const withTop = scoreRows(classifier, rows(texts.map((text) => ({ text }))), { ...settings, topK: 5 });
    expect(without.every((r) => !('top' in r) && !('id' in r))).toBe(true);
    expect(withTop.map(({ top, ...rest }) => [rest, top!.length])).toEqual(without.map((r) => [r, 5]));
  });

  it('answers rows it cannot classify with an error, in place, and still classifies the others', () => {
    const scored = scoreRows(
      classifier,
      rows([
        { id: 'a', text: texts[0] },
        { id: 'b', text: ' \t ' },
        { id: 'c' },
        { id: 'd', text: 42 },
        { id: 'e', text: 'x'.repeat(41) },
        { id: 'f', text: texts[2] },
      ]),
      { ...settings, maxTextChars: 40 },
    );
    expect(scored.map((r) => [r.id, r.error])).toEqual([
      ['a', undefined],
      ['b', 'text is empty'],
      ['c', 'text is missing'],
      ['d', 'text must be a string'],
      ['e', 'text is longer than 40 characters'],
      ['f', undefined],
    ]);
    expect([scored[0]!.label, scored[5]!.label]).toEqual(['card_arrival', 'request_refund']);
    expect(scored[1]).toEqual({ row: 2, id: 'b', error: 'text is empty' });
  });

  it('reads the text from the named column and applies a threshold as a request would', () => {
    const scored = scoreRows(classifier, rows([{ body: texts[0] }]), { ...settings, textColumn: 'body', threshold: 1 });
    expect(scored[0]).toMatchObject({ abstained: true, label: classifier.info.abstain?.label ?? 'out_of_scope' });
    expect(
      scoreRows(classifier, rows([{ body: texts[0] }]), { ...settings, textColumn: 'body', threshold: 0 })[0],
    ).toMatchObject({ abstained: false, label: 'card_arrival' });
  });
});

/** A features model stand-in that records what it was given. */
class RecordingFeaturesClassifier implements Classifier {
  readonly info = {
    name: 'iris',
    version: '1',
    labels: ['a', 'b'],
    sha256: '0'.repeat(64),
    input: { kind: 'features' as const, features: ['petal_length', 'petal_width'] },
  };
  readonly seen: ClassifierInput[] = [];
  classify(inputs: readonly ClassifierInput[]): Prediction[] {
    this.seen.push(...inputs);
    return inputs.map(() => ({ label: 'a', score: 0.9, top: [{ label: 'a', score: 0.9 }] }));
  }
  dispose(): void {}
}

describe('scoreRows with a features model', () => {
  it('reads each feature column by name: decimal strings (CSV) and numbers (JSON Lines); other columns are ignored', () => {
    const model = new RecordingFeaturesClassifier();
    const scored = scoreRows(
      model,
      rows([
        { petal_width: '0.2', petal_length: '1.4', colour: 'blue' },
        { petal_length: 4.5, petal_width: 1.5 },
        { petal_length: ' -1e-1 ', petal_width: '+3' },
      ]),
      settings,
    );
    expect(model.seen).toEqual([
      [1.4, 0.2],
      [4.5, 1.5],
      [-0.1, 3],
    ]);
    expect(scored.every((r) => r.error === undefined && r.label === 'a')).toBe(true);
  });

  it('refuses a row with a missing or non-numeric feature, naming it', () => {
    const model = new RecordingFeaturesClassifier();
    const scored = scoreRows(
      model,
      rows([
        { petal_length: '1.4' },
        { petal_length: '1.4', petal_width: '' },
        { petal_length: '0x1f', petal_width: '1' },
        { petal_length: 'NaN', petal_width: '1' },
        { petal_length: true, petal_width: 1 },
      ]),
      settings,
    );
    expect(scored.map((r) => r.error)).toEqual([
      'feature petal_width is missing',
      'feature petal_width is missing',
      'feature petal_length must be a number, got "0x1f"',
      'feature petal_length must be a number, got "NaN"',
      'feature petal_length must be a number, got true',
    ]);
    expect(model.seen).toEqual([]);
  });
});

describe('scoreRows with a real features model (examples/iris-mlp, imported)', () => {
  const { dir, cleanup } = tempDir('atlas-bulk-iris-');
  let iris: Classifier;
  beforeAll(async () => {
    await importModel(exampleOptions(MLP, join(dir, 'iris')));
    iris = await loadClassifier(join(dir, 'iris'));
  }, 120_000);
  afterAll(() => {
    iris?.dispose();
    cleanup();
  });

  it('a value that overflows float32 once standardised fails its own row only; the others get the answers they get alone', () => {
    const names = iris.info.input!.features!;
    const flower = (values: number[]) => Object.fromEntries(names.map((n, i) => [n, String(values[i])]));
    const good = [flower([5.0, 3.4, 1.5, 0.2]), flower([6.6, 3.0, 5.6, 2.0])];
    const scored = scoreRows(iris, rows([good[0]!, flower([5.0, 1e308, 1.5, 0.2]), good[1]!]), settings);
    expect(scored[1]).toEqual({
      row: 2,
      error: expect.stringMatching(/^feature sepal_width is too large in magnitude/),
    });
    const alone = scoreRows(iris, rows(good), settings);
    expect([scored[0]!, scored[2]!].map(({ row: _, ...answer }) => answer)).toEqual(
      alone.map(({ row: _, ...answer }) => answer),
    );
  });
});
