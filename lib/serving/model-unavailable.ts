import { ModelLoadError } from '../model/errors';
import { modelUnavailable, type ApiError } from '../http/errors';

/** Reason given to clients when loading failed in a way the model side did not describe (details are logged). */
export const GENERIC_LOAD_REASON = 'the model bundle could not be loaded';

/**
 * Maps a load failure to 503 MODEL_UNAVAILABLE. Only a {@link ModelLoadError}'s reason is client-safe; any other
 * error (for example "no bundle found" with a file path in it) gets a generic reason.
 *
 * @param error - what the load threw
 */
export function toModelUnavailable(error: unknown): ApiError {
  const reason = error instanceof ModelLoadError ? error.reason : GENERIC_LOAD_REASON;
  return modelUnavailable(reason);
}
