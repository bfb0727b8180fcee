/**
 * `samples` of a manifest: a few texts with the label they should get, taken from rows the measured model did not
 * train on. They ship inside the bundle so a deployment can check the new version answers them as the trainer
 * measured (the BeforeAllowTraffic smoke test, `lib/release/`) before any caller sees it. Optional: older bundles
 * and features bundles (no texts) have none.
 */
export interface ManifestSample {
  text: string;
  /** The row's label; one of the manifest's `labels`. */
  label: string;
}

/** Upper bound on `samples`: they are for a smoke test, and the manifest is read at every cold start. */
export const MAX_SAMPLES = 500;

/**
 * Checks a manifest's optional `samples` field against its labels.
 *
 * @param fail - throws the caller's manifest error with the message
 */
export function checkSamples(value: unknown, labels: readonly string[], fail: (message: string) => never): ManifestSample[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail('samples must be an array');
  if (value.length > MAX_SAMPLES) fail(`samples must hold at most ${MAX_SAMPLES} rows`);
  const known = new Set(labels);
  return value.map((row: unknown, i) => {
    const sample = row as Partial<ManifestSample> | null;
    if (typeof sample !== 'object' || sample === null || typeof sample.text !== 'string' || sample.text.trim() === '') fail(`samples[${i}].text must be a non-empty string`);
    if (typeof sample.label !== 'string' || !known.has(sample.label)) fail(`samples[${i}].label must be one of the manifest's labels`);
    return { text: sample.text, label: sample.label };
  });
}

/** How many example texts `/health` shows (`model.examples`): enough for a batch, few enough to read at a glance. */
export const EXAMPLE_COUNT = 3;

/**
 * Example texts of a bundle, for a client to show what the model reads: the first sample of each label, in manifest
 * order, at most `count` of them (so the examples differ in label, not only in wording).
 *
 * @example exampleTexts([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }, { text: 'c', label: 'y' }]) // ['a', 'c']
 */
export function exampleTexts(samples: readonly ManifestSample[], count: number = EXAMPLE_COUNT): string[] {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const sample of samples) {
    if (texts.length >= count) break;
    if (seen.has(sample.label)) continue;
    seen.add(sample.label);
    texts.push(sample.text);
  }
  return texts;
}
