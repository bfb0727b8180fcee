/**
 * Serving does not run the model at load (a cold start would run it twice before its first answer): the first
 * prediction proves the model can predict. A model that cannot is still answered as a failed load (503
 * MODEL_UNAVAILABLE, retried), dropped, and loaded afresh by the next request, as the warm-up at load did.
 */
import './support/info-env';
import './support/quiet-env';
import { loadConfig } from '../../lib/config';
import { ComposedClassifier } from '../../lib/model/classifier';
import { ModelLoadError } from '../../lib/model/errors';
import { InputValueError, type InputPreparer } from '../../lib/model/inputs/preparer';
import type { ModelRunner } from '../../lib/model/runtimes/runtime';
import type { Classifier } from '../../lib/model/types';
import { createClassifyHandler } from '../../lib/routes/classify';
import { createClassifyBatchHandler } from '../../lib/routes/classify-batch';
import { CANNOT_PREDICT_REASON, FirstPredictionCheck } from '../../lib/serving/first-prediction-check';
import { createRecoveringLoader } from '../../lib/serving/recovering-loader';
import { captureLogs } from './support/capture-logs';
import { bodyOf, jsonEvent, lambdaContext } from './support/events';

const preparer: InputPreparer = {
  info: { kind: 'sequence' },
  prepare: (inputs) => ({
    rows: inputs.length,
    inputs: [{ name: 'ids', dtype: 'int32', shape: [inputs.length, 1], values: new Int32Array(inputs.length) }],
  }),
};

/** A classifier whose runner answers [0.2, 0.8], or throws for the texts `fails` says. */
function classifier(fails: (texts: readonly unknown[]) => boolean, disposed = { count: 0 }): ComposedClassifier {
  let texts: readonly unknown[] = [];
  const runner: ModelRunner = {
    outputs: 2,
    run: (batch) => {
      if (fails(texts)) throw new Error('tfjs: the kernel is missing');
      return Float32Array.from({ length: batch.rows * 2 }, (_, i) => (i % 2 ? 0.8 : 0.2));
    },
    dispose: () => void disposed.count++,
  };
  const composed = new ComposedClassifier(
    { name: 'm', version: '1.0.0', labels: ['a', 'b'], sha256: '0'.repeat(64), input: { kind: 'sequence' } },
    preparer,
    runner,
    'softmax',
  );
  const classify = composed.classify.bind(composed);
  composed.classify = (inputs, k) => ((texts = inputs), classify(inputs, k));
  return composed;
}

const always = () => true;
const never = () => false;

describe('FirstPredictionCheck', () => {
  it('passes predictions through once the first one succeeded, failures included', () => {
    let broken = false;
    const onBroken = jest.fn();
    const checked = new FirstPredictionCheck(
      classifier(() => broken),
      'warm up',
      onBroken,
    );
    expect(checked.classify(['x'], 1)[0]).toMatchObject({ label: 'b' });
    broken = true;
    expect(() => checked.classify(['x'], 1)).toThrow('tfjs: the kernel is missing');
    expect(onBroken).not.toHaveBeenCalled();
  });

  it('a model that fails its first prediction and the warm-up input too cannot predict: a ModelLoadError, now and after', () => {
    const onBroken = jest.fn();
    const checked = new FirstPredictionCheck(classifier(always), 'warm up', onBroken);
    expect(() => checked.classify(['x'], 1)).toThrow(ModelLoadError);
    expect(() => checked.classify(['y'], 1)).toThrow(CANNOT_PREDICT_REASON);
    expect(onBroken).toHaveBeenCalledTimes(1);
    expect((onBroken.mock.calls[0]![0] as ModelLoadError).cause).toEqual(new Error('tfjs: the kernel is missing'));
  });

  it("a first failure the warm-up input does not share is the request's own: thrown as it was, the model kept", () => {
    const onBroken = jest.fn();
    const checked = new FirstPredictionCheck(
      classifier((texts) => texts[0] === 'odd'),
      'warm up',
      onBroken,
    );
    expect(() => checked.classify(['odd'], 1)).toThrow('tfjs: the kernel is missing');
    expect(onBroken).not.toHaveBeenCalled();
    expect(checked.classify(['x'], 1)).toHaveLength(1);
  });

  it("a bad input value is the request's own: never checked on the warm-up input", () => {
    const inner: Classifier = {
      info: classifier(never).info,
      classify: jest.fn(() => {
        throw new InputValueError(0, { index: 0, name: 'f' }, 'is not finite');
      }),
      dispose: () => undefined,
    };
    const onBroken = jest.fn();
    expect(() => new FirstPredictionCheck(inner, 'warm up', onBroken).classify(['x'], 1)).toThrow(InputValueError);
    expect(inner.classify).toHaveBeenCalledTimes(1);
    expect(onBroken).not.toHaveBeenCalled();
  });
});

describe('a loaded model that cannot predict, as serving holds it', () => {
  it('/classify and /classify/batch answer 503 MODEL_UNAVAILABLE; the model is dropped and the next request loads it again', async () => {
    let loads = 0;
    const disposed = { count: 0 };
    const loader = createRecoveringLoader<Classifier>(
      () => {
        loads++;
        // The first load gives a model that cannot predict; the second a good one.
        const checked: Classifier = new FirstPredictionCheck(
          classifier(loads === 1 ? always : never, disposed),
          'warm up',
          () => loader.drop(checked),
        );
        return checked;
      },
      { dispose: (c) => c.dispose() },
    );
    const deps = { getClassifier: () => loader.get(), config: loadConfig({}) };
    const logs = captureLogs();
    try {
      const first = await createClassifyHandler(deps)(jsonEvent({ text: 'x' }), lambdaContext());
      expect(first.statusCode).toBe(503);
      expect(bodyOf(first).error).toEqual({
        code: 'MODEL_UNAVAILABLE',
        message: `The model is unavailable: ${CANNOT_PREDICT_REASON}`,
      });
      expect(disposed.count).toBe(1);
      const batch = await createClassifyBatchHandler(deps)(
        jsonEvent({ items: ['x', 'y'] }, '/classify/batch'),
        lambdaContext(),
      );
      expect(batch.statusCode).toBe(200);
      expect(loads).toBe(2);
    } finally {
      logs.restore();
    }
  });
});
