import { existsSync, readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { parseTrainArgs, trainProgram, type TrainCliOptions } from './cli-options';
import { UsageError } from './errors';

/** One configuration of a grid: a name for the table and the full options it runs with. */
export interface GridConfig {
  name: string;
  options: TrainCliOptions;
}

/** Settings a grid entry may not change: they are about the data or the bundle, not the model. */
const NOT_MODELLING = new Set([
  'data',
  'out',
  'force',
  'textColumn',
  'labelColumn',
  'cv',
  'grid',
  'refit',
  'valFraction',
  'calibrationFolds',
  'name',
  'modelVersion',
  'datasetName',
  'citation',
  'licence',
]);

/**
 * Reads a grid file: a JSON array of objects, each a configuration given as overrides of the command line's
 * settings, keyed as the manifest records them (`embeddingDim`, `charNgrams`...), with an optional `label` for the
 * table. Each entry is parsed by the trainer's own flag parsers on top of `baseArgs`, so a value the command line
 * would refuse is refused here too, naming the entry. `{}` is the command line as given (the defaults).
 *
 * @example
 * // grid.json: [{}, {"label": "wide", "embeddingDim": 128}, {"charNgrams": null, "members": 3}]
 * readGrid('grid.json', ['--data', 'train.csv'])
 * @throws UsageError for a missing or malformed file or an unknown or invalid setting
 */
export function readGrid(path: string, baseArgs: readonly string[]): GridConfig[] {
  if (!existsSync(path)) throw new UsageError(`grid file not found: ${path}`);
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(entries) || entries.length === 0)
    throw new UsageError(`${path}: expected a non-empty JSON array of configurations`);
  const flags = new Map(trainProgram().options.map((o) => [o.attributeName(), o]));
  return entries.map((entry, i) => {
    const where = `${path}: configuration ${i + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new UsageError(`${where}: expected an object`);
    const { label, ...settings } = entry as Record<string, unknown>;
    if (label !== undefined && typeof label !== 'string') throw new UsageError(`${where}: label must be a string`);
    const args: string[] = [];
    for (const [key, value] of Object.entries(settings)) {
      const option = flags.get(key);
      if (!option || NOT_MODELLING.has(key)) throw new UsageError(`${where}: unknown modelling setting "${key}"`);
      args.push(...flagArgs(option.long!, option.isBoolean(), value, where));
    }
    let options: TrainCliOptions;
    try {
      options = parseTrainArgs([...baseArgs, ...args]);
    } catch (error) {
      if (error instanceof CommanderError) throw new UsageError(`${where}: ${error.message.replace(/^error: /, '')}`);
      throw error;
    }
    const name =
      label ??
      (Object.keys(settings).length === 0
        ? 'defaults'
        : Object.entries(settings)
            .map(([k, v]) => `${k}=${show(v)}`)
            .join(' '));
    return { name, options };
  });
}

function flagArgs(flag: string, isBoolean: boolean, value: unknown, where: string): string[] {
  if (isBoolean) {
    if (typeof value !== 'boolean') throw new UsageError(`${where}: ${flag} takes true or false`);
    return value ? [flag] : [];
  }
  if (value === null) return [flag, 'none'];
  if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n)))
    return [flag, `${value[0]}-${value[1]}`];
  if (typeof value === 'number' || typeof value === 'string') return [flag, String(value)];
  throw new UsageError(`${where}: ${flag} takes a number, a string, [min, max] or null`);
}

function show(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.join('-');
  return String(value);
}
