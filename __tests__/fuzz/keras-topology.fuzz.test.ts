/**
 * The model.json topology reader on its own: any JSON gives a topology with a list of layers or a refusal sentence,
 * never a throw; the same layers read the same in every layout tfjs accepts; and the checks built on it (layer
 * classes, input shapes, Embedding rows, output layer) never throw either.
 */
import fc from 'fast-check';
import { readKerasTopology } from '../../lib/model/bundle/keras-topology';
import { embeddingRows, inputShapes, layerClassNames, outputLayer } from '../../lib/model/bundle/topology';

const layer = fc.record({
  class_name: fc.constantFrom('Embedding', 'LSTM', 'Dense', 'InputLayer', 'Bidirectional'),
  config: fc.record({
    name: fc.string({ maxLength: 8 }),
    units: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    input_dim: fc.option(fc.integer({ min: 1, max: 99 }), { nil: undefined }),
    batch_input_shape: fc.option(fc.array(fc.option(fc.integer({ min: 1, max: 9 })), { maxLength: 3 }), {
      nil: undefined,
    }),
    activation: fc.option(fc.constantFrom('softmax', 'sigmoid', 'linear', 'relu'), { nil: undefined }),
  }),
});
const layers = fc.array(layer, { minLength: 1, maxLength: 5 });

/** The same Sequential in each of the four layouts. */
const layouts = (list: unknown[]) => ({
  'model-save': {
    class_name: 'Sequential',
    config: { name: 's', layers: list },
    keras_version: '2.14.0',
    backend: 'tensorflow',
  },
  converter: {
    keras_version: '2.14.0',
    backend: 'tensorflow',
    model_config: { class_name: 'Sequential', config: { name: 's', layers: list } },
    training_config: { loss: 'x' },
  },
  'legacy-list': { class_name: 'Sequential', config: list },
  'converter-legacy-list': { keras_version: '2.1.6', model_config: { class_name: 'Sequential', config: list } },
});

describe('readKerasTopology under fuzzing', () => {
  it('any JSON: a topology whose config holds a list of layers, or a refusal sentence; the checks never throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ model_config: fc.jsonValue() }),
          fc.record({ class_name: fc.string(), config: fc.jsonValue() }),
        ),
        (json) => {
          const read = readKerasTopology(json);
          if ('refused' in read) {
            expect(read.refused.length).toBeGreaterThan(10);
          } else {
            expect(Array.isArray(read.topology.config.layers)).toBe(true);
            expect(typeof read.topology.class_name).toBe('string');
          }
          expect(() => [
            layerClassNames(json),
            inputShapes(json),
            embeddingRows(json),
            outputLayer(json),
          ]).not.toThrow();
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('one Sequential in every layout: the same layers, classes, input shape, Embedding rows and output layer', () => {
    fc.assert(
      fc.property(layers, (list) => {
        const forms = layouts(list);
        const reference = forms['model-save'];
        for (const [layout, form] of Object.entries(forms)) {
          expect(readKerasTopology(form)).toMatchObject({ layout, topology: { class_name: 'Sequential' } });
          expect(
            (readKerasTopology(form) as { topology: { config: { layers: unknown } } }).topology.config.layers,
          ).toBe(list);
          expect(layerClassNames(form)).toEqual(layerClassNames(reference));
          expect(inputShapes(form)).toEqual(inputShapes(reference));
          expect(embeddingRows(form)).toEqual(embeddingRows(reference));
          expect(outputLayer(form)).toEqual(outputLayer(reference));
        }
      }),
      { numRuns: 300 },
    );
  });
});
