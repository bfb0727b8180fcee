import type { ManifestSample } from '../../lib/model/bundle/samples';

/** Samples per label the trainer writes into the manifest: enough for a smoke test, small enough for every cold start. */
export const SAMPLES_PER_LABEL = 2;

/**
 * Picks the manifest's `samples` from held-out rows: the first `perLabel` rows of each label in `heldOut` order
 * (the split is already shuffled by the seed, so this is reproducible and not biased to the file's order).
 *
 * @param rows - every labelled row
 * @param heldOut - indices of the rows the measured model did not train on
 */
export function pickSamples(
  rows: readonly { text: string; label: string }[],
  heldOut: readonly number[],
  perLabel = SAMPLES_PER_LABEL,
): ManifestSample[] {
  const taken = new Map<string, number>();
  const samples: ManifestSample[] = [];
  for (const i of heldOut) {
    const { text, label } = rows[i]!;
    const n = taken.get(label) ?? 0;
    if (n >= perLabel || text.trim() === '') continue;
    taken.set(label, n + 1);
    samples.push({ text, label });
  }
  return samples;
}
