/** The `features` of a request to a features model, and the rule that a request sends text or features, not both. */

/** Most feature values one request may carry (a bound on work per request, far above any tabular model's inputs). */
export const MAX_FEATURES = 1000;

/**
 * Feature values: `{"name": number, ...}` or `[numbers in the model's feature order]`. Which names a model takes is
 * the bundle's business (`GET /health` lists them), checked once the model is known.
 */
export const featuresSchema = {
  type: ['object', 'array'],
  description:
    'For features models (see GET /health, model.input): {"name": number, ...} with exactly the model\'s feature names, or an array of numbers in that order.',
  maxProperties: MAX_FEATURES,
  additionalProperties: { type: 'number' },
  maxItems: MAX_FEATURES,
  items: { type: 'number' },
} as const;

/**
 * `text` for text models or `features` for features models: exactly one of them. As `if`/`then`/`else` rather than
 * `oneOf`, so a request missing both gets the one error "/text is required" it always got, and one with both gets
 * "/text is not allowed here".
 */
export const textOrFeatures = {
  // The `true` properties only declare the names `required` uses (ajv's strict mode asks for that).
  // No `type` here: the batch schema's plain-string items must pass these untouched (`required` ignores strings).
  if: { properties: { features: true }, required: ['features'] },
  then: { properties: { text: false } },
  else: { properties: { text: true }, required: ['text'] },
} as const;
