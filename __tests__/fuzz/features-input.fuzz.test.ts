/**
 * The features input on its own: whatever JSON a client sends as "features", reading it either gives exactly one
 * finite number per feature (and the prepared row is (x - mean) / scale, finite in float32, or an InputValueError
 * naming the first feature that is not) or issues with a pointer into it; it never throws anything else.
 */
import fc from 'fast-check';
import { featuresPreparer } from '../../lib/model/inputs/features/prepare';
import { readFeatures } from '../../lib/model/inputs/features/read';
import { InputValueError } from '../../lib/model/inputs/preparer';
import type { FeatureValues } from '../../lib/model/types';

const NAMES = ['a', 'b~', 'c/d', '__proto__', 'constructor'];
const MEAN = [1, -2, 0.5, 0, 3];
const SCALE = [2, 0.25, 1, 4, 1e-3];
const preparer = featuresPreparer({ kind: 'features', names: NAMES, mean: MEAN, scale: SCALE });

const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Infinity, -Infinity, NaN, -0, 1e308, -1e308));
const anyValue = fc.oneof(
  anyNumber,
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
);
const key = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 80 }));
const namedFeatures = fc.dictionary(key, fc.oneof(anyNumber, anyValue), { maxKeys: 8 });
const nearlyValid = fc
  .tuple(...NAMES.map(() => anyNumber))
  .map((values) => Object.fromEntries(NAMES.map((n, i) => [n, values[i]])));
const orderedFeatures = fc.array(fc.oneof(anyNumber, anyValue), { maxLength: 7 });

describe('features input under fuzzing', () => {
  it('reads any object or array into finite values or pointed issues, and prepares exactly (x - mean) / scale', () => {
    fc.assert(
      fc.property(fc.oneof(namedFeatures, nearlyValid, orderedFeatures), (features) => {
        const read = readFeatures(features as FeatureValues, NAMES);
        if ('issues' in read) {
          expect(read.issues.length).toBeGreaterThan(0);
          for (const issue of read.issues) {
            expect(issue.path === '' || /^\/[^/]*$/.test(issue.path)).toBe(true);
            expect(issue.path.length).toBeLessThanOrEqual(1 + 2 * 64 + 1);
          }
          expect(() => preparer.prepare([features as FeatureValues])).toThrow();
          return;
        }
        expect(read.values).toHaveLength(NAMES.length);
        expect(read.values.every(Number.isFinite)).toBe(true);
        const expected = read.values.map((x, j) => Math.fround((x - MEAN[j]!) / SCALE[j]!));
        const overflow = expected.findIndex((v) => !Number.isFinite(v));
        if (overflow >= 0) {
          let thrown: unknown;
          try {
            preparer.prepare([features as FeatureValues]);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(InputValueError);
          expect((thrown as InputValueError).feature).toEqual({ index: overflow, name: NAMES[overflow] });
          return;
        }
        const row = preparer.prepare([features as FeatureValues]).inputs[0]!.values;
        expected.forEach((v, j) => expect(row[j]).toBeCloseTo(v, 5));
      }),
      { numRuns: 2000 },
    );
  });
});
