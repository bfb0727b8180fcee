import { featuresPreparer } from '../../../lib/model/inputs/features/prepare';
import { readFeatures } from '../../../lib/model/inputs/features/read';
import { checkFeaturesInput } from '../../../lib/model/inputs/features/spec';

const NAMES = ['age', 'income', 'tenure/months'];

describe('features input', () => {
  it('takes named values or values in model order, and standardises them with mean and scale', () => {
    const preparer = featuresPreparer({ kind: 'features', names: NAMES, mean: [40, 2, 12], scale: [10, 0.5, 6] });
    const batch = preparer.prepare([{ 'tenure/months': 24, age: 50, income: 3 }, [30, 1, 0]]);
    expect(batch.inputs[0]!.shape).toEqual([2, 3]);
    expect([...batch.inputs[0]!.values]).toEqual([1, 2, 2, -1, -2, -2]);
    expect(preparer.info).toEqual({ kind: 'features', features: NAMES });
  });

  it('passes values through unchanged without mean and scale', () => {
    expect([...featuresPreparer({ kind: 'features', names: ['a', 'b'] }).prepare([[1.5, -2]]).inputs[0]!.values]).toEqual([1.5, -2]);
  });

  it('names each missing, extra or non-finite feature with a JSON pointer relative to "features"', () => {
    expect(readFeatures({ age: 1, income: Infinity, colour: 2 } as never, NAMES)).toEqual({
      issues: [
        { path: '/income', message: 'must be a finite number' },
        { path: '/tenure~1months', message: 'is required' },
        { path: '/colour', message: 'is not a feature of this model' },
      ],
    });
    expect(readFeatures([1, NaN], NAMES)).toEqual({
      issues: [
        { path: '', message: 'must hold 3 numbers, in this order: age, income, tenure/months' },
        { path: '/1', message: 'must be a finite number' },
      ],
    });
  });

  it('refuses a text, and a spec whose mean or scale does not fit its names', () => {
    expect(() => featuresPreparer({ kind: 'features', names: NAMES }).prepare(['hello'])).toThrow('not texts');
    const fail = (message: string): never => {
      throw new Error(message);
    };
    expect(() => checkFeaturesInput({ names: ['a', 'b'], mean: [1] }, fail)).toThrow('input.mean must hold 2 finite numbers');
    expect(() => checkFeaturesInput({ names: ['a', 'a'] }, fail)).toThrow('input.names must be unique');
    expect(() => checkFeaturesInput({ names: ['a'], scale: [0] }, fail)).toThrow('input.scale must not hold 0');
  });
});
