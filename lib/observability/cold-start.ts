// Provisioned concurrency initialises environments before any request arrives, so their first request is warm.
let served = process.env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency';

/**
 * Tells whether this is the first request this execution environment serves, and records that it has now served
 * one. Module state lives as long as the environment, which is exactly what "cold start" means.
 *
 * @returns true on the first call in an on-demand environment, false afterwards (and always under provisioned concurrency)
 */
export function takeColdStart(): boolean {
  const cold = !served;
  served = true;
  return cold;
}
