/** `manifest.input` of a model over a fixed list of named numbers. */
export interface FeaturesInput {
  kind: 'features';
  /** Feature names in the model's input order. */
  names: string[];
  /** scikit-learn `StandardScaler.mean_`: subtracted from each feature before the model sees it. @default none */
  mean?: number[];
  /** `StandardScaler.scale_`: each feature is divided by it after the mean is subtracted. @default none */
  scale?: number[];
}

/**
 * Checks a parsed `manifest.input` (or an import spec) of kind `features`.
 *
 * @param fail - throws the caller's error with the message
 */
export function checkFeaturesInput(v: Record<string, unknown>, fail: (message: string) => never): FeaturesInput {
  const names = v.names;
  if (!Array.isArray(names) || names.length === 0 || !Array.from(names).every((n) => typeof n === 'string' && n !== '')) {
    fail('input.names must list at least one feature name');
  }
  if (new Set(names).size !== names.length) fail('input.names must be unique');
  for (const key of ['mean', 'scale'] as const) {
    const values = v[key];
    if (values === undefined) continue;
    if (!Array.isArray(values) || values.length !== names.length || !Array.from(values).every((x) => typeof x === 'number' && Number.isFinite(x))) {
      fail(`input.${key} must hold ${names.length} finite numbers, one per name`);
    }
    if (key === 'scale' && values.some((x) => x === 0)) fail('input.scale must not hold 0');
  }
  const input: FeaturesInput = { kind: 'features', names: names as string[] };
  if (v.mean !== undefined) input.mean = v.mean as number[];
  if (v.scale !== undefined) input.scale = v.scale as number[];
  return input;
}
