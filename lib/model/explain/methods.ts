/**
 * How an explanation weighs an input's parts. Only occlusion so far: each part's weight is what taking it out costs
 * the target's score. Declared once for the code, the response schema and the docs.
 */
export const EXPLAIN_METHODS = ['occlusion'] as const;
export type ExplainMethod = (typeof EXPLAIN_METHODS)[number];
