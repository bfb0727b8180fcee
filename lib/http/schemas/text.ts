/** Building blocks shared by the request schemas. */

/**
 * A text to classify: a string with at least one non-whitespace character. Its maximum length is configuration
 * (`MAX_TEXT_CHARS`), checked after the schema, so it is not written here.
 */
export const textSchema = {
  type: 'string',
  // Not minLength: the pattern already rules out "", and minLength would make ajv's generated code require its
  // unicode-length helper at runtime. The maximum length is checked in code, in code points.
  pattern: '\\S',
  description: 'The text to classify. Must contain a non-whitespace character; at most MAX_TEXT_CHARS characters.',
} as const;

/** How many labels to return, best first; larger values are clamped to the number of labels. */
export const topKSchema = {
  type: 'integer',
  minimum: 1,
  description:
    'How many labels to return in `top`, best first (default DEFAULT_TOP_K; clamped to the number of labels).',
} as const;
