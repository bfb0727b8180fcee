import { EXPLAIN_METHODS } from '../../model/explain/methods';

/** The `explain` request flag and the `explanation` it adds to an answer (see `lib/model/explain/`). */

/** Request flag of `POST /classify` and `POST /classify/batch` (where it explains every item). */
export const explainSchema = {
  type: 'boolean',
  description:
    'Adds `explanation` to the answer: the weight of each word of the text (or each feature) towards the answered ' +
    'label, by occlusion, computed in the same prediction. At most MAX_EXPLAINED_ITEMS explained items per batch.',
} as const;

const weightSchema = {
  type: 'number',
  description:
    'score(target | input) - score(target | input with this part occluded): positive parts pushed towards the ' +
    'target, negative ones away from it.',
} as const;

/** One weighed word: `text` is the text as sent, sliced at `[start, end)` (UTF-16 offsets). */
const wordWeightSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'start', 'end', 'weight'],
  properties: {
    text: { type: 'string', description: 'The word as sent: the text sliced at [start, end).' },
    start: { type: 'integer', minimum: 0, description: 'Offset of its first UTF-16 unit in the text as sent.' },
    end: { type: 'integer', minimum: 0, description: 'Offset just past its last UTF-16 unit.' },
    weight: weightSchema,
  },
} as const;

/** One weighed feature of a features model, occluded by its training mean (0 once standardised). */
const featureWeightSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['feature', 'weight'],
  properties: {
    feature: { type: 'string', description: 'The feature name.' },
    weight: weightSchema,
  },
} as const;

/** The explanation of one answer. */
export const explanationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['target', 'method', 'tokens', 'truncated'],
  description: 'Present when the request asked for `explain`.',
  properties: {
    target: {
      type: 'string',
      description: 'The label explained: the answered label, or the top label when the answer abstained.',
    },
    method: {
      type: 'string',
      enum: EXPLAIN_METHODS,
      description:
        "occlusion: each word's characters replaced by one space (a feature set to its mean), all in one batched prediction.",
    },
    tokens: {
      type: 'array',
      description:
        "The text's words in order, as the model's input kind splits them (or the model's features), at most 64.",
      items: { oneOf: [wordWeightSchema, featureWeightSchema] },
    },
    truncated: {
      type: 'boolean',
      description: 'True when the input had more than 64 words (or features): only the first 64 are weighed.',
    },
  },
} as const;
