/**
 * The bench's section for imported models (issues 9 and 18): each model of `IMPORTED_CASES` (`imported-cases.ts`)
 * imported with `npm run import-model` into a copy of the /classify package (as packaging it in model/ would make
 * it), served by the same handler bundle through its runtime (layers or graph), beside the default model and beside
 * the plain-tfjs baseline serving the same model.json, all in the same cold rounds (each over a bare `node -e 0`) and
 * in alternating warm slices. A case may also be packaged on the backend import did not choose, forced, so the
 * figures say what that choice bought (or would have cost).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DERIVED_DIR } from '../../lib/model/bundle/derived-files';
import type { ServingBackend, ServingRecord } from '../../lib/model/bundle/serving';
import type { BackendRequest } from '../import/backend-choice';
import { deriveModelFiles } from '../derive-model-files';
import { importModel } from '../import/import-model';
import { measureColdStarts, type ColdStartResult, type ColdTarget } from './cold-start';
import { readEvent, withBody } from './events';
import type { ImportedCase } from './imported-cases';
import { round, summarize, type Summary } from './stats';
import { renderTable, ms } from './table';
import type { WarmInput, WarmSamples } from './warm-worker';
import { runWorker } from './worker';
import { projectRoot } from './events';

/** The packaged /classify function, unpacked, and how to run it. */
export interface ClassifyFunction {
  dir: string;
  handlerFile: string;
  handlerExport: string;
  env: NodeJS.ProcessEnv;
}

/** A handler to start cold and call warm. */
type Target = Omit<ColdTarget, 'event'>;

/**
 * How to run the plain-tfjs baseline on a bundle's model.json (the bench's own baseline handler), its unknown input
 * dimensions filled with `sequenceLength`.
 */
export type PlainTargetFor = (modelDir: string, sequenceLength: number) => Target;

/** One series' figures: cold start (this run's rounds) and warm latency (its pooled slices). */
export interface SeriesFigures {
  cold: ColdStartResult;
  warm: Summary;
}

/** One imported model's figures. */
export interface ImportedCaseResult {
  id: string;
  title: string;
  /** `layers` or `graph`: the runtime file its package carries. */
  runtime: string;
  /** What import recorded (`manifest.serving`: its backend, how chosen, its own figures). */
  serving: ServingRecord;
  /** The length the plain baseline fills unknown dimensions with: the imported input's `maxLen`. */
  sequenceLength: number;
  ours: SeriesFigures;
  /** The same model imported with the other backend forced, when the case asks for it. */
  other?: SeriesFigures & { backend: ServingBackend };
  plain: SeriesFigures;
  /** Ours over the plain baseline on the same model.json: cold start over bare node, warm p50 and p99. */
  overPlain: { coldOverBare: number; warmP50: number; warmP99: number };
  /** Ours over the default model, same bundle: cold over bare, warm p50 (and the forced backend's, if any). */
  overDefault: { coldOverBare: number; warmP50: number; otherColdOverBare?: number; otherWarmP50?: number };
}

export interface ImportedModelResult {
  /** Cold rounds, each with one process per series. */
  coldRuns: number;
  bareNodeMs: Summary;
  /** The default model, same /classify bundle, in the same rounds and slices. */
  defaultModel: SeriesFigures;
  cases: ImportedCaseResult[];
}

/** Sample counts, the bench's own. */
export interface ImportedSamples {
  coldRuns: number;
  warmup: number;
  warmCalls: number;
  /** Warm calls are cut into this many alternating slices of every series, each a fresh, warmed-up process. */
  warmSlices: number;
}

/** A case imported and packaged: the series to measure for it. */
interface PackagedCase {
  case: ImportedCase;
  runtime: string;
  serving: ServingRecord;
  sequenceLength: number;
  ours: Target;
  other?: Target & { backend: ServingBackend };
  plain: Target;
}

/**
 * Imports every case into `scratch`, packages it like the /classify zip, and measures it against the default model
 * and the plain baseline with the same bundle, in the same run.
 */
export async function benchImportedModels(
  cases: readonly ImportedCase[],
  classify: ClassifyFunction,
  scratch: string,
  samples: ImportedSamples,
  progress: (message: string) => void,
  plainFor: PlainTargetFor,
): Promise<ImportedModelResult> {
  const ourTarget = (name: string, dir: string): Target => ({
    name,
    dir,
    handlerFile: classify.handlerFile,
    handlerExport: classify.handlerExport,
    env: { ...classify.env, LAMBDA_TASK_ROOT: dir },
  });
  const packaged: PackagedCase[] = [];
  for (const c of cases) {
    progress(`imported model ${c.id}: importing (import measures both backends) and packaging ...`);
    const dir = join(scratch, `classify-${c.id}`);
    const { serving, runtime, sequenceLength } = await packageCase(c, classify.dir, dir, 'auto', scratch);
    const otherBackend: ServingBackend = serving.backend === 'cpu' ? 'wasm' : 'cpu';
    let other: PackagedCase['other'];
    if (c.otherBackend) {
      const otherDir = join(scratch, `classify-${c.id}-${otherBackend}`);
      await packageCase(c, classify.dir, otherDir, otherBackend, scratch);
      other = { ...ourTarget(`${c.id} (${otherBackend}, forced)`, otherDir), backend: otherBackend };
    }
    packaged.push({
      case: c,
      runtime,
      serving,
      sequenceLength,
      ours: ourTarget(`${c.id} (${serving.backend})`, dir),
      other,
      plain: { ...plainFor(join(dir, 'model'), sequenceLength), name: `plain tfjs, ${c.id}` },
    });
  }

  const defaultModel = ourTarget('default model', classify.dir);
  const series: Target[] = [defaultModel, ...packaged.flatMap((p) => [p.ours, ...(p.other ? [p.other] : []), p.plain])];
  /** Each series' share of the warm calls: its case's (the default model's is whole). */
  const shareOf = (t: Target) => packaged.find((p) => [p.ours, p.other, p.plain].includes(t))?.case.warmShare ?? 1;
  const event = withBody(
    readEvent('classify.json'),
    JSON.stringify({ text: 'great product, works perfectly', topK: 2 }),
  );
  progress(
    `imported models: ${samples.coldRuns} cold-start rounds of bare node and ${series.map((s) => s.name).join(', ')} ...`,
  );
  const cold = await measureColdStarts(
    series.map((s) => ({ ...s, event })),
    samples.coldRuns,
  );
  const coldOf = (t: Target) => cold.targets[series.indexOf(t)]!;

  progress(
    `imported models: warm, up to ${samples.warmCalls} calls per series in ${samples.warmSlices} alternating slices ...`,
  );
  const warmSamples = series.map(() => [] as number[]);
  for (let slice = 0; slice < samples.warmSlices; slice++) {
    for (const [i, t] of series.entries()) {
      const share = (n: number) => Math.max(1, Math.round(n * shareOf(t)));
      const input: WarmInput = {
        handlerPath: join(t.dir, t.handlerFile),
        handlerExport: t.handlerExport,
        warmup: share(samples.warmup),
        calls: share(samples.warmCalls / samples.warmSlices),
      };
      warmSamples[i]!.push(
        ...(await runWorker<WarmInput, WarmSamples>(join(__dirname, 'warm-worker.ts'), input, {
          env: t.env,
          cwd: projectRoot,
        })),
      );
    }
  }
  const figuresOf = (t: Target): SeriesFigures => ({
    cold: coldOf(t),
    warm: summarize(warmSamples[series.indexOf(t)]!),
  });

  const base = figuresOf(defaultModel);
  return {
    coldRuns: cold.runs,
    bareNodeMs: cold.bareNodeMs,
    defaultModel: base,
    cases: packaged.map((p) => {
      const ours = figuresOf(p.ours);
      const plain = figuresOf(p.plain);
      const other = p.other && { ...figuresOf(p.other), backend: p.other.backend };
      const ratio = (a: number, b: number) => round(a / b, 2);
      return {
        id: p.case.id,
        title: p.case.title,
        runtime: p.runtime,
        serving: p.serving,
        sequenceLength: p.sequenceLength,
        ours,
        other,
        plain,
        overPlain: {
          coldOverBare: ratio(ours.cold.overBareMs, plain.cold.overBareMs),
          warmP50: ratio(ours.warm.p50, plain.warm.p50),
          warmP99: ratio(ours.warm.p99, plain.warm.p99),
        },
        overDefault: {
          coldOverBare: ratio(ours.cold.overBareMs, base.cold.overBareMs),
          warmP50: ratio(ours.warm.p50, base.warm.p50),
          ...(other && {
            otherColdOverBare: ratio(other.cold.overBareMs, base.cold.overBareMs),
            otherWarmP50: ratio(other.warm.p50, base.warm.p50),
          }),
        },
      };
    }),
  };
}

/**
 * The /classify package as `serverless package` makes it with the case's model in model/: same handler bundle, the
 * imported model, and what packaging derives for it (the runtime file, and for wasm the backend and its .wasm file).
 */
async function packageCase(
  c: ImportedCase,
  classifyDir: string,
  dir: string,
  backend: BackendRequest,
  scratch: string,
): Promise<{ serving: ServingRecord; runtime: string; sequenceLength: number }> {
  cpSync(classifyDir, dir, { recursive: true });
  rmSync(join(dir, 'model'), { recursive: true, force: true });
  rmSync(join(dir, DERIVED_DIR), { recursive: true, force: true });
  let input = c.input;
  if (typeof input !== 'string') {
    const specFile = join(scratch, `${c.id}-spec.json`);
    writeFileSync(specFile, JSON.stringify(input));
    input = specFile;
  }
  const summary = await importModel({
    model: c.model,
    out: join(dir, 'model'),
    labels: c.labels,
    input,
    name: c.id,
    backend,
  });
  await deriveModelFiles(join(dir, 'model'));
  const manifest = JSON.parse(readFileSync(join(dir, 'model', 'manifest.json'), 'utf8')) as {
    input: { maxLen?: number };
  };
  // A features model has no sequence; its inputs' shapes are all known, so the length is never used.
  return { serving: summary.serving, runtime: summary.runtime, sequenceLength: manifest.input.maxLen ?? 1 };
}

/** The section as the bench prints it. */
export function renderImportedModel(r: ImportedModelResult): string {
  const row = (name: string, f: SeriesFigures) => [
    name,
    ms(f.cold.wallMs.median),
    ms(f.cold.overBareMs),
    ms(f.warm.p50),
    ms(f.warm.p99),
    String(f.warm.n),
  ];
  const rows = [row('default model (embedding-bag runtime)', r.defaultModel)];
  for (const c of r.cases) {
    rows.push(
      row(`${c.title}: ${c.runtime} runtime, ${c.serving.backend} (${chosenWhy(c.serving)})`, c.ours),
      ...(c.other ? [row(`  same, ${c.other.backend} (forced)`, c.other)] : []),
      row('  plain tfjs, the same model.json (predict only)', c.plain),
    );
  }
  const ratios = r.cases.map((c) => [
    c.id,
    `${c.overPlain.coldOverBare}x`,
    `${c.overPlain.warmP50}x`,
    `${c.overPlain.warmP99}x`,
    `${c.overDefault.coldOverBare}x`,
    `${c.overDefault.warmP50}x`,
    verdict(c),
  ]);
  return (
    `Imported models beside the default one and beside plain tfjs on the same model.json, same /classify bundle, same run ` +
    `(${r.coldRuns} interleaved cold rounds; warm calls in alternating slices of every series, fewer for slow models)\n` +
    renderTable(['model', 'cold median', 'over bare node', 'warm p50', 'warm p99', 'warm calls'], rows) +
    '\n\nRatios (issue 18 asks ours / plain tfjs <= 1.0x, cold over bare node and warm p50)\n' +
    renderTable(
      ['model', 'cold ÷ plain', 'p50 ÷ plain', 'p99 ÷ plain', 'cold ÷ default', 'p50 ÷ default', 'target'],
      ratios,
    ) +
    r.cases
      .map(
        (c) => `\n${c.id}: measured by the import, each backend in a fresh process (ms): ${backendFigures(c.serving)}`,
      )
      .join('')
  );
}

/** Whether a case meets issue 18's targets against the plain baseline. */
function verdict(c: ImportedCaseResult): string {
  return c.overPlain.coldOverBare <= 1 && c.overPlain.warmP50 <= 1 ? 'met' : 'NOT MET';
}

function chosenWhy(serving: ServingRecord): string {
  return serving.chosenBy === 'measured'
    ? 'chosen: measured faster at import'
    : serving.chosenBy === 'user'
      ? 'forced'
      : `wasm failed at import: ${serving.wasmError}`;
}

/** The import's own figures per backend, as recorded in the manifest. */
function backendFigures(serving: ServingRecord): string {
  return Object.entries(serving.measured)
    .map(
      ([backend, t]) =>
        `${backend} load ${t.loadMs.toFixed(0)}, one input ${t.singleMedianMs.toFixed(2)}, per row at ${t.batchRows} ${t.batchPerRowMs.toFixed(3)}`,
    )
    .join('; ');
}
