/** Building blocks shared by the response schemas: what a prediction and a model reference look like on the wire. */

/** A probability the model gives a label. */
export const scoreSchema = {
  type: 'number',
  minimum: 0,
  maximum: 1,
  description: 'The probability the model gives the label (softmax output, 0..1).',
} as const;

/** One label and its score. */
export const labelScoreSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['label', 'score'],
  properties: {
    label: { type: 'string' },
    score: scoreSchema,
  },
} as const;

/** The best `topK` labels, highest score first; the first entry is the answer's `label` and `score`. */
export const topSchema = {
  type: 'array',
  minItems: 1,
  items: labelScoreSchema,
  description: 'The topK best labels, highest score first.',
} as const;

/** Which model answered: the bundle's name and version. */
export const modelRefSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
  },
  description: 'The model that answered.',
} as const;

/** Whether the answer fell under the abstention threshold in force; `label` is then the fallback label. */
export const abstainedSchema = {
  type: 'boolean',
  description:
    "True when the prediction's score fell under the abstention threshold in force (the request's `threshold`, " +
    "the stage's, or the bundle's calibrated one): `label` is then the bundle's fallback label (default " +
    "`out_of_scope`) while `score` and `top` still show the model's best guesses.",
} as const;

/** The fields of one answer, shared by `POST /classify` and each result of `POST /classify/batch`. */
export const predictionProperties = {
  label: { type: 'string', description: 'The best label, or the fallback label when `abstained`.' },
  score: scoreSchema,
  top: topSchema,
  abstained: abstainedSchema,
} as const;
