import type { ModelBatch } from '../batch';
import { asTexts, type InputPreparer } from '../preparer';
import { textParts } from '../parts';
import { spanOf } from '../tracked-text';
import type { PreprocessingConfig } from './config';
import { tokenizeWithOffsets } from './ngrams';
import { normalizeTextTracked } from './normalize';
import { padBatch, vectorize } from './vectorize';
import type { Vocabulary } from './vocabulary';

/**
 * The trainer's input kind: each text becomes its TF-IDF weighted n-gram ids, padded into the model's two inputs
 * `ids` `[rows, length]` and `weights` `[rows, length]`.
 *
 * @example
 * const batch = ngramsPreparer(vocabulary, manifest.preprocessing).prepare(['card not arrived']);
 * batch.inputs.map((t) => t.name); // ['ids', 'weights']
 */
export function ngramsPreparer(vocabulary: Vocabulary, config: PreprocessingConfig): InputPreparer {
  return {
    info: { kind: 'ngrams' },
    prepare(inputs): ModelBatch {
      const texts = asTexts(inputs);
      const padded = padBatch(texts.map((text) => vectorize(text, vocabulary, config)));
      const shape = [padded.batch, padded.length];
      return {
        rows: padded.batch,
        inputs: [
          { name: 'ids', dtype: 'int32', shape, values: padded.ids },
          { name: 'weights', dtype: 'float32', shape: [...shape], values: padded.weights },
        ],
      };
    },
    parts(input, limit) {
      const [text] = asTexts([input]);
      // The words `vectorize` reads: those of the normalised text (cut to maxChars), found where they were sent.
      const normalized = normalizeTextTracked(text!, config.maxChars, config.normalization.lowercase);
      const spans = tokenizeWithOffsets(normalized.text).map((word) => spanOf(normalized, word.start, word.end));
      return textParts(text!, spans, limit);
    },
  };
}
