/**
 * Names for the steps of a function's init phase, put on Node's performance timeline (`performance.mark`) so the
 * cold-start breakdown of `npm run bench` can give each cost a name. A mark costs about a microsecond and only the
 * init phase makes any (a handful per process), so they are always on.
 */

/** The steps, each marked when it ends, in the order a cold start usually runs them. */
export const INIT_STEPS = [
  'loader modules evaluated',
  'bundle verified',
  'vocabulary built',
  'vocabulary read from its table file',
  'model.json read',
  'model built (weights decoded; tfjs loaded only for the layers runtime)',
  'model warmed up',
  'request path warmed up',
] as const;
export type InitStep = (typeof INIT_STEPS)[number];

/** Prefix of every mark this service makes (the bench reads marks by it). */
export const INIT_MARK_PREFIX = 'atlas:init:';

/**
 * Marks the end of an init step.
 *
 * @example
 * markInit('bundle verified'); // performance.getEntriesByName('atlas:init:bundle verified')
 */
export function markInit(step: InitStep): void {
  performance.mark(INIT_MARK_PREFIX + step);
}
