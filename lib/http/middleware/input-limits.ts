import type { HttpMiddleware } from '../types';

/** Checks a validated body against the configured limits; throws a 413 ApiError when one is exceeded. */
export type LimitCheck<TBody> = (body: TBody) => void;

/**
 * Runs the route's limit check (text length, batch size) after schema validation, so limits stay configuration
 * rather than schema constants, and the client learns about a type error before a size one.
 *
 * @param check - the route's check, e.g. from `lib/http/limits.ts`
 */
export function inputLimits<TBody>(check: LimitCheck<TBody>): HttpMiddleware {
  return {
    before: ({ event }) => check(event.body as TBody),
  };
}
