import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, parseManifest, type BundleManifest } from '../../lib/model/bundle/manifest';
import { UsageError } from './errors';
import { readTrainingData } from './pipeline';
import { pickSamples, SAMPLES_PER_LABEL } from './samples';
import { stratifiedSplit } from './split';

/**
 * Gives a trainer bundle made before manifests had `samples` the samples the trainer writes today, without training
 * again: the training data and the settings recorded in the manifest (seed, validation share, columns) give back the
 * same stratified split, and its validation rows are the held-out rows. The data must be the rows the bundle was
 * trained on (the row count and labels are checked). Only `manifest.json` changes: it pins the other files, not
 * itself.
 *
 * @returns the samples written
 * @throws UsageError when the data or the manifest do not fit
 */
export function addSamplesToBundle(
  modelDir: string,
  data: string,
  perLabel = SAMPLES_PER_LABEL,
): BundleManifest['samples'] {
  const path = join(modelDir, MANIFEST_FILE);
  const manifest = parseManifest(JSON.parse(readFileSync(path, 'utf8')));
  const settings = manifest.training.settings as {
    seed?: unknown;
    valFraction?: unknown;
    textColumn?: unknown;
    labelColumn?: unknown;
  };
  const { seed, valFraction, textColumn, labelColumn } = settings;
  if (
    typeof seed !== 'number' ||
    typeof valFraction !== 'number' ||
    !(valFraction > 0) ||
    typeof textColumn !== 'string' ||
    typeof labelColumn !== 'string'
  ) {
    throw new UsageError(
      `${path}: training.settings records no held-out split (seed, valFraction > 0, textColumn, labelColumn)`,
    );
  }
  const { rows, labels } = readTrainingData({ data, textColumn, labelColumn });
  if (rows.length !== manifest.training.data.rows || labels.join('\n') !== manifest.labels.join('\n')) {
    throw new UsageError(
      `${data}: ${rows.length} rows, ${labels.length} labels; the bundle was trained on ${manifest.training.data.rows} rows, ${manifest.labels.length} labels`,
    );
  }
  const split = stratifiedSplit(
    rows.map((r) => r.label),
    valFraction,
    seed,
  );
  const samples = pickSamples(rows, split.validation, perLabel);
  const updated = parseManifest({ ...manifest, samples });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(updated, null, 2) + '\n');
  renameSync(partial, path);
  return samples;
}
