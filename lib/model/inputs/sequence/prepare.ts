import type { ModelBatch } from '../batch';
import { asTexts, type InputPreparer } from '../preparer';
import { padInto, wordsToIds, type IdRules } from './encode';
import type { SequenceInput } from './spec';
import { textParts } from '../parts';
import { compileWordRules, textToWords, textToWordSpans } from './words';

/** The id rules of a bundle's sequence input: OOV id, and the limit from `numWords` and the Embedding's rows. */
export function idRules(input: SequenceInput, wordIndex: ReadonlyMap<string, number>): IdRules {
  const idLimit = Math.min(input.numWords ?? Infinity, input.maxId);
  const oov = input.oovToken === null ? undefined : wordIndex.get(input.oovToken);
  // An OOV id the model cannot take is no OOV id at all (the import refuses such a bundle; this is the last guard).
  return { wordIndex, oovId: oov !== undefined && oov < input.maxId ? oov : undefined, idLimit };
}

/**
 * The `sequence` input kind: each text becomes `maxLen` word ids (see `words.ts` and `encode.ts`), one int32 input
 * `[rows, maxLen]`.
 *
 * @example
 * const batch = sequencePreparer(manifest.input, wordIndex).prepare(['great movie']);
 * batch.inputs[0].shape; // [1, manifest.input.maxLen]
 */
export function sequencePreparer(input: SequenceInput, wordIndex: ReadonlyMap<string, number>, inputName = 'input'): InputPreparer {
  const words = compileWordRules(input);
  const ids = idRules(input, wordIndex);
  return {
    info: { kind: 'sequence' },
    prepare(inputs): ModelBatch {
      const texts = asTexts(inputs);
      const values = new Int32Array(texts.length * input.maxLen);
      texts.forEach((text, row) => {
        padInto(wordsToIds(textToWords(text, words), ids), values, row * input.maxLen, input.maxLen, input.padding, input.truncating);
      });
      return { rows: texts.length, inputs: [{ name: inputName, dtype: 'int32', shape: [texts.length, input.maxLen], values }] };
    },
    parts(item, limit) {
      const [text] = asTexts([item]);
      return textParts(text!, textToWordSpans(text!, words), limit);
    },
  };
}
