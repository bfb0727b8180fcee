/**
 * Whatever an imported model computes, no answer leaves the service with a score that is not a finite number in
 * [0, 1]: a NaN or Infinity from the model is a 500 envelope saying so, with the reason in the log, never a 200
 * whose JSON writes the score as null.
 */
import './support/info-env';
import './support/quiet-env';
import { loadConfig } from '../../lib/config';
import { ComposedClassifier } from '../../lib/model/classifier';
import { ModelOutputError } from '../../lib/model/errors';
import type { InputPreparer } from '../../lib/model/inputs/preparer';
import type { OutputKind } from '../../lib/model/outputs/output';
import type { ModelRunner } from '../../lib/model/runtimes/runtime';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { captureLogs } from './support/capture-logs';
import { bodyOf, jsonEvent, lambdaContext } from './support/events';

const LABELS = ['a', 'b', 'c'];
const preparer: InputPreparer = {
  info: { kind: 'sequence' },
  prepare: (inputs) => ({
    rows: inputs.length,
    inputs: [{ name: 'ids', dtype: 'int32', shape: [inputs.length, 1], values: new Int32Array(inputs.length) }],
  }),
};

/** A runner whose last layer gives `row` for every input. */
function classifierGiving(row: number[], output: OutputKind): ComposedClassifier {
  const runner: ModelRunner = {
    outputs: row.length,
    run: (batch) => Float32Array.from({ length: batch.rows * row.length }, (_, i) => row[i % row.length]!),
    dispose: () => undefined,
  };
  const labels = output === 'sigmoid' ? LABELS.slice(0, 2) : LABELS;
  return new ComposedClassifier(
    { name: 'broken', version: '1.0.0', labels, sha256: '0'.repeat(64), input: { kind: 'sequence' } },
    preparer,
    runner,
    output,
  );
}

describe('a model whose output is not a probability', () => {
  it.each<[string, number[], OutputKind]>([
    ['softmax with a NaN', [0.5, NaN, 0.5], 'softmax'],
    ['logits with Infinity (softmax of it is NaN)', [Infinity, 1, 2], 'logits'],
    ['a sigmoid above 1', [3], 'sigmoid'],
    ['softmax with a negative score', [1.2, -0.2, 0], 'softmax'],
  ])('%s: ComposedClassifier throws ModelOutputError naming the score', (_, row, output) => {
    expect(() => classifierGiving(row, output).classify(['x'], 3)).toThrow(ModelOutputError);
    expect(() => classifierGiving(row, output).classify(['x'], 3)).toThrow(/score .* for label "[abc]" of input 0/);
  });

  it('/classify and /classify/batch answer 500 with an envelope that says the answer was not valid, and log why', async () => {
    const classifier = classifierGiving([0.5, NaN, 0.5], 'softmax');
    const deps = { getClassifier: async () => classifier, config: loadConfig({}) };
    const logs = captureLogs();
    try {
      const one = await createClassifyHandler(deps)(jsonEvent({ text: 'x' }), lambdaContext());
      expect(one.statusCode).toBe(500);
      const error = bodyOf(one).error;
      expect(error.code).toBe('INTERNAL');
      expect(error.message).toMatch(
        /^The model's answer was not valid \(score NaN for label "b" of input 0\), so none was sent\. Quote the requestId/,
      );
      const batch = await createClassifyBatchHandler(deps)(
        jsonEvent({ items: ['x', 'y'] }, '/classify/batch'),
        lambdaContext(),
      );
      expect(batch.statusCode).toBe(500);
      expect(bodyOf(batch).error.message).toMatch(/not valid/);
      expect(JSON.stringify(bodyOf(batch))).not.toMatch(/"score"/);
      expect(
        logs.lines().some((line) => line.level === 'ERROR' && /not valid: score NaN/.test(JSON.stringify(line))),
      ).toBe(true);
    } finally {
      logs.restore();
    }
  });

  it('a float32 softmax that reaches a hair past 1 is answered with 1', () => {
    const [prediction] = classifierGiving([1.0000001, 0, 0], 'softmax').classify(['x'], 1);
    expect(prediction).toMatchObject({ label: 'a', score: 1 });
  });
});
