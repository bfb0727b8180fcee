/**
 * The performance benchmark: package sizes, cold start (with its breakdown by step), warm latency, batch throughput
 * and memory, each cold and warm figure beside a plain-tfjs Lambda serving the same model.json (issue 13), printed
 * as tables and written as JSON.
 *
 *   npm run bench                      # full run (a few minutes), writes bench/results.json
 *   npm run bench -- --quick           # smoke run: same sections, far fewer samples
 *   npm run bench -- --package-dir .serverless --only cold,warm
 *   npm run bench -- --only imported --cases review-lstm   # one imported model beside plain tfjs, cold and warm
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { benchBulk, renderBulk } from './bench/bulk';
import { measureColdStarts, type ColdStartResults, type ColdTarget } from './bench/cold-start';
import { readFunctionBuildOptions } from './bench/esbuild-options';
import { BENCH_MODELS, type BenchModel } from './bench/models';
import { EMPTY, measureModuleCosts, type ModuleCost } from './bench/module-costs';
import { buildPlainBaseline, type PlainBaseline } from './bench/plain';
import { projectRoot, readEvent } from './bench/events';
import { benchExplain, renderExplain, type ExplainResult } from './bench/explain';
import { IMPORTED_CASES } from './bench/imported-cases';
import { benchImportedModels, renderImportedModel } from './bench/imported-model';
import { describeMachine } from './bench/machine';
import type { MemoryInput, MemoryResult } from './bench/memory-worker';
import { bundleLibraries, extractZip, packageService, readPackage, type PackagedFunction } from './bench/packaging';
import { createServiceSandbox } from './support/service-sandbox';
import { round, summarize, type Summary } from './bench/stats';
import { renderTable, mb, ms } from './bench/table';
import { checkTargets } from './bench/targets';
import type { ThroughputInput, ThroughputResult } from './bench/throughput-worker';
import type { WarmInput, WarmSamples } from './bench/warm-worker';
import { runWorker } from './bench/worker';

const SECTIONS = ['size', 'cold', 'warm', 'imported', 'batch', 'memory', 'bulk', 'explain'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  out: string;
  quick: boolean;
  stage: string;
  packageDir?: string;
  logLevel: string;
  only: Section[];
  cases?: string[];
  keep: boolean;
}

const program = new Command()
  .name('bench')
  .description(
    'Benchmark the packaged functions: sizes, cold start, warm latency, batch throughput, memory; and bulk scoring (npm run score beside scikit-learn).',
  )
  .option('--out <path>', 'where to write the figures as JSON', 'bench/results.json')
  .option('--quick', 'smoke run: every section with far fewer samples (figures are rough)', false)
  .option('--stage <stage>', 'stage to package', 'dev')
  .option('--package-dir <dir>', 'use the zips of an earlier `serverless package --package <dir>` instead of packaging')
  .addOption(
    new Option('--log-level <level>', 'LOG_LEVEL of the measured functions (as in production)')
      .choices(['DEBUG', 'INFO', 'WARN', 'ERROR'])
      .default('INFO'),
  )
  .option('--only <sections>', `comma-separated subset of ${SECTIONS.join(',')}`, parseSections, [...SECTIONS])
  .option(
    '--cases <ids>',
    `imported models to measure (comma-separated ids of ${IMPORTED_CASES.map((c) => c.id).join(',')}); default all`,
    (v: string) => v.split(',').map((s) => s.trim()),
  )
  .option('--keep', 'keep the scratch directory (packages, unpacked zips) and print where it is', false);

function parseSections(value: string): Section[] {
  const sections = value.split(',').map((s) => s.trim());
  for (const s of sections)
    if (!(SECTIONS as readonly string[]).includes(s))
      throw new Error(`unknown section ${s}; use ${SECTIONS.join(',')}`);
  return sections as Section[];
}

/** Sample counts: the full run meets the minimums; --quick only proves every section works. */
const SAMPLES = {
  full: {
    coldRuns: 15,
    warmup: 2_000,
    warmCalls: 10_000,
    batchMinMs: 1_500,
    memoryWarmup: 2_000,
    memoryCalls: 100_000,
  },
  quick: { coldRuns: 3, warmup: 200, warmCalls: 1_000, batchMinMs: 200, memoryWarmup: 200, memoryCalls: 5_000 },
};

const BATCH_SIZES = [1, 32, 128];
/** Warm runs are cut into this many alternating slices of ours and the plain baseline's. */
const WARM_SLICES = 4;
/** The plain-tfjs baseline's row name in every table. */
const PLAIN = 'plain tfjs';
const BATCH_TEXTS = 128;
/** Alternating single / batch worker pairs the throughput section pools. */
const THROUGHPUT_SLICES = 3;

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function main(options: Options): Promise<void> {
  const started = Date.now();
  const samples = options.quick ? SAMPLES.quick : SAMPLES.full;
  const only = new Set(options.only);
  const machine = describeMachine();
  const sandbox = createServiceSandbox();
  try {
    let packageDir = options.packageDir ? resolve(options.packageDir) : undefined;
    if (!packageDir) {
      progress(`serverless package --stage ${options.stage} ...`);
      packageDir = await packageService(sandbox, options.stage);
    }
    const functions = await readPackage(packageDir);
    const unpacked = new Map<string, string>();
    for (const fn of functions)
      unpacked.set(fn.name, await extractZip(fn.zipPath, join(sandbox.scratch, 'unpacked', fn.name)));
    const fn = (name: string): PackagedFunction & { dir: string } => {
      const found = functions.find((f) => f.name === name);
      if (!found)
        throw new Error(`the package has no ${name} function (found ${functions.map((f) => f.name).join(', ')})`);
      return { ...found, dir: unpacked.get(name)! };
    };
    /** The function's own environment from the template, on a minimal base (like Lambda, not this shell's). */
    const envOf = (f: PackagedFunction): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      // Lambda sets both for every function: the handlers warm their request path at init when the name is there,
      // and take the package's files as verified at packaging when the model lies inside the task root.
      AWS_LAMBDA_FUNCTION_NAME: `atlas-classifier-${options.stage}-${f.name}`,
      LAMBDA_TASK_ROOT: unpacked.get(f.name),
      ...f.environment,
      LOG_LEVEL: options.logLevel,
    });
    const classify = fn('classify');
    const classifyBatch = fn('classifyBatch');
    const health = fn('health');

    const results: Record<string, unknown> = {
      generatedAt: new Date().toISOString(),
      machine,
      settings: { quick: options.quick, stage: options.stage, logLevel: options.logLevel, backend: 'cpu', ...samples },
    };

    const sizes = functions.map((f) => ({
      name: f.name,
      zippedBytes: f.zippedBytes,
      unzippedBytes: f.unzippedBytes,
      bundleBytes: f.files.find((file) => file.path === f.handlerFile)?.bytes ?? 0,
      libraries: bundleLibraries(join(unpacked.get(f.name)!, f.handlerFile)),
      largestFiles: f.files.slice(0, 6),
    }));
    if (only.has('size')) results.packages = sizes;

    let plain: PlainBaseline | undefined;
    let moduleCosts: ModuleCost[] | undefined;
    // The imported models are measured with cold and warm, or on their own with `--only imported`.
    const wantImported = only.has('cold') || only.has('warm') || only.has('imported');
    if (wantImported) {
      progress("plain-tfjs baseline: esbuild with the functions' options (serverless print custom.esbuild) ...");
      const buildOptions = await readFunctionBuildOptions(sandbox);
      plain = await buildPlainBaseline(buildOptions, join(sandbox.scratch, 'plain'));
      results.plainBaseline = plain;
      if (only.has('cold')) {
        progress(`module evaluation per dependency: ${samples.coldRuns} rounds ...`);
        moduleCosts = await measureModuleCosts(buildOptions, join(sandbox.scratch, 'modules'), samples.coldRuns);
        results.moduleEvaluation = moduleCosts;
      }
    }
    /** The plain baseline as a cold/warm target for one model. */
    const plainTarget = (model: BenchModel, sequenceLength: number): Omit<ColdTarget, 'event'> => ({
      name: PLAIN,
      dir: plain!.dir,
      handlerFile: plain!.handlerFile,
      handlerExport: plain!.handlerExport,
      env: { ...envOf(classify), MODEL_DIR: model.dir, PLAIN_SEQUENCE_LENGTH: String(sequenceLength) },
    });
    /** One of our functions serving `model` (the packaged one, or another through MODEL_DIR). */
    const ourTarget = (f: ReturnType<typeof fn>, model: BenchModel): Omit<ColdTarget, 'event'> => ({
      name: f.name,
      dir: f.dir,
      handlerFile: f.handlerFile,
      handlerExport: f.handlerExport,
      env: model.packaged ? envOf(f) : { ...envOf(f), MODEL_DIR: model.dir },
    });

    const cold: ModelCold[] = [];
    const warm: ModelWarm[] = [];
    for (const model of BENCH_MODELS) {
      const sequenceLength = model.sequenceLength();
      if (only.has('cold')) {
        progress(
          `cold start, ${model.id}: ${samples.coldRuns} rounds of bare node, ${PLAIN}, classify, classifyBatch, health ...`,
        );
        const targets: ColdTarget[] = [
          { ...plainTarget(model, sequenceLength), event: readEvent('classify.json') },
          { ...ourTarget(classify, model), event: readEvent('classify.json') },
          { ...ourTarget(classifyBatch, model), event: readEvent('classify-batch.json') },
          // /health checks the packaged bundle; another model only changes what it would report.
          ...(model.packaged ? [{ ...ourTarget(health, model), event: readEvent('health.json') }] : []),
        ];
        cold.push({
          model: model.id,
          sequenceLength,
          ...(await measureColdStarts(targets, samples.coldRuns, (r) => progress(`  round ${r}/${samples.coldRuns}`))),
        });
      }
      if (only.has('warm')) {
        progress(
          `warm, ${model.id}: /classify and ${PLAIN}, ${samples.warmCalls} calls each after ${samples.warmup} warm-up calls ...`,
        );
        const measureWarm = (t: Omit<ColdTarget, 'event'>, calls: number) =>
          runWorker<WarmInput, WarmSamples>(
            join(__dirname, 'bench', 'warm-worker.ts'),
            { handlerPath: join(t.dir, t.handlerFile), handlerExport: t.handlerExport, warmup: samples.warmup, calls },
            { env: t.env, cwd: projectRoot },
          );
        // Alternating slices (each a fresh, warmed-up process), so a busy spell of the machine hits both alike.
        const ours: number[] = [];
        const baseline: number[] = [];
        for (let slice = 0; slice < WARM_SLICES; slice++) {
          ours.push(...(await measureWarm(ourTarget(classify, model), samples.warmCalls / WARM_SLICES)));
          baseline.push(...(await measureWarm(plainTarget(model, sequenceLength), samples.warmCalls / WARM_SLICES)));
        }
        warm.push({ model: model.id, classify: summarize(ours), plain: summarize(baseline) });
      }
    }
    if (cold.length > 0) results.coldStart = cold;
    if (warm.length > 0)
      results.warm = warm.map((w) => ({
        ...w,
        unit: 'ms',
        p50Ratio: w.classify.p50 / w.plain.p50,
        p99Ratio: w.classify.p99 / w.plain.p99,
      }));

    // Issues 9 and 18: imported models (layers and graph runtimes) beside the default model and beside the plain
    // baseline on each one's own model.json, same bundle, same run.
    const plainOnBundle = (modelDir: string, sequenceLength: number) =>
      plainTarget({ ...BENCH_MODELS[0]!, dir: modelDir }, sequenceLength);
    const cases = options.cases ? IMPORTED_CASES.filter((c) => options.cases!.includes(c.id)) : IMPORTED_CASES;
    if (options.cases && cases.length !== options.cases.length)
      throw new Error(
        `unknown case in --cases ${options.cases.join(',')}; use ${IMPORTED_CASES.map((c) => c.id).join(',')}`,
      );
    const imported = wantImported
      ? await benchImportedModels(
          cases,
          { ...classify, env: envOf(classify) },
          sandbox.scratch,
          { ...samples, warmSlices: WARM_SLICES },
          progress,
          plainOnBundle,
        )
      : undefined;
    if (imported) results.importedModel = imported;

    let batch: { single: ThroughputResult; sizes: (ThroughputResult & { speedupPerText: number })[] } | undefined;
    if (only.has('batch')) {
      progress(
        `batch throughput: ${BATCH_TEXTS} texts one by one, then in batches of ${BATCH_SIZES.join(', ')}, ${THROUGHPUT_SLICES} alternating slices ...`,
      );
      const throughput = (f: ReturnType<typeof fn>, mode: ThroughputInput['mode']) =>
        runWorker<ThroughputInput, ThroughputResult[]>(
          join(__dirname, 'bench', 'throughput-worker.ts'),
          {
            handlerPath: join(f.dir, f.handlerFile),
            handlerExport: f.handlerExport,
            mode,
            sizes: BATCH_SIZES,
            texts: BATCH_TEXTS,
            minMs: samples.batchMinMs,
          },
          { env: envOf(f), cwd: projectRoot },
        );
      // Single and batched requests alternate in fresh processes, as the warm latency does, and each series pools its
      // slices' texts and time: run one after the other, a busy spell of the machine moved the ratio from 2.3x to 3.7x.
      const singles: ThroughputResult[][] = [];
      const batches: ThroughputResult[][] = [];
      for (let slice = 0; slice < THROUGHPUT_SLICES; slice++) {
        singles.push(await throughput(classify, 'single'));
        batches.push(await throughput(classifyBatch, 'batch'));
      }
      const single = pooledThroughput(singles.map(([s]) => s!));
      const batched = BATCH_SIZES.map((_, i) => pooledThroughput(batches.map((slice) => slice[i]!)));
      batch = { single, sizes: batched.map((b) => ({ ...b, speedupPerText: single.msPerText / b.msPerText })) };
      results.batch = batch;
    }

    let memory: MemoryResult | undefined;
    if (only.has('memory')) {
      progress(`memory: ${samples.memoryCalls} mixed calls (TypeScript sources through tsx) ...`);
      memory = await runWorker<MemoryInput, MemoryResult>(
        join(__dirname, 'bench', 'memory-worker.ts'),
        { warmup: samples.memoryWarmup, calls: samples.memoryCalls },
        { env: envOf(classify), cwd: projectRoot },
      );
      results.memory = {
        ...memory,
        tensorGrowth: memory.after.numTensors - memory.before.numTensors,
        heapGrowthBytes: memory.after.heapUsedBytes - memory.before.heapUsedBytes,
      };
    }

    // Issue 19: npm run score beside a scikit-learn pipeline on the same 60,000-row CSV, and the worker's cost per row.
    const bulk = only.has('bulk') ? await benchBulk(sandbox.scratch, progress) : undefined;
    if (bulk) results.bulk = bulk;

    let explain: ExplainResult | undefined;
    if (only.has('explain')) {
      explain = await benchExplain({ ...classify, env: envOf(classify) }, samples, progress);
      results.explain = explain;
    }

    const defaultCold = cold.find((c) => c.model === BENCH_MODELS[0]!.id);
    const defaultWarm = warm.find((w) => w.model === BENCH_MODELS[0]!.id);
    const targets = checkTargets({
      zips: only.has('size') ? sizes : undefined,
      coldOverBareRatio:
        defaultCold && ['classify', 'classifyBatch'].map((name) => ({ name, ratio: overPlain(defaultCold, name) })),
      warmRatio: defaultWarm && {
        p50: defaultWarm.classify.p50 / defaultWarm.plain.p50,
        p99: defaultWarm.classify.p99 / defaultWarm.plain.p99,
      },
      batch128Speedup: batch?.sizes.find((b) => b.size === 128)?.speedupPerText,
      memory: memory && {
        tensorGrowth: memory.after.numTensors - memory.before.numTensors,
        heapGrowthBytes: memory.after.heapUsedBytes - memory.before.heapUsedBytes,
      },
    });
    results.targets = targets;
    results.durationSeconds = round((Date.now() - started) / 1000, 1);

    console.log(
      report({
        machine,
        plain,
        moduleCosts,
        sizes: only.has('size') ? sizes : undefined,
        cold,
        warm,
        batch,
        memory,
        targets,
        options,
        samples,
      }),
    );
    if (imported) console.log(`\n${renderImportedModel(imported)}`);
    if (bulk) console.log(`\n${renderBulk(bulk)}`);
    if (explain) console.log(`\n${renderExplain(explain)}`);
    console.log(`\nbench took ${results.durationSeconds} s`);
    const out = resolve(options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify(results, (_, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? round(v) : v), 2) +
        '\n',
    );
    console.log(`figures written to ${out}`);
  } finally {
    if (options.keep) progress(`scratch kept in ${sandbox.scratch}`);
    else sandbox.remove();
  }
}

interface ReportInputs {
  machine: ReturnType<typeof describeMachine>;
  sizes?: {
    name: string;
    zippedBytes: number;
    unzippedBytes: number;
    bundleBytes: number;
    libraries: ReturnType<typeof bundleLibraries>;
  }[];
  plain?: PlainBaseline;
  moduleCosts?: ModuleCost[];
  cold: ModelCold[];
  warm: ModelWarm[];
  batch?: { single: ThroughputResult; sizes: (ThroughputResult & { speedupPerText: number })[] };
  memory?: MemoryResult;
  targets: ReturnType<typeof checkTargets>;
  options: Options;
  samples: (typeof SAMPLES)['full'];
}

/** One model's cold-start figures. */
type ModelCold = ColdStartResults & { model: string; sequenceLength: number };
/** One model's warm latency: our /classify and the plain baseline. */
interface ModelWarm {
  model: string;
  classify: Summary;
  plain: Summary;
}

function modelTitle(id: string): string {
  return BENCH_MODELS.find((m) => m.id === id)?.title ?? id;
}

/** A target's cold start over bare node divided by the plain baseline's, in the same rounds. */
function overPlain(cold: ColdStartResults, name: string): number {
  const over = (n: string) => cold.targets.find((t) => t.name === n)?.overBareMs ?? NaN;
  return over(name) / over(PLAIN);
}

function report(r: ReportInputs): string {
  const { machine: m } = r;
  const parts = [
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB} GiB, node ${m.node}, ${m.platform}, tfjs ${m.tfjs}, load ${m.loadAverage1m}` +
      (r.options.quick ? '  (--quick: rough figures)' : ''),
  ];
  if (r.sizes) {
    parts.push(
      'Packages (serverless package)\n' +
        renderTable(
          ['function', 'zipped', 'unzipped', 'bundle .js', 'tfjs-core', 'tfjs-layers', 'ajv compiler'],
          r.sizes.map((s) => [
            s.name,
            mb(s.zippedBytes),
            mb(s.unzippedBytes),
            mb(s.bundleBytes),
            ...[s.libraries.tfjs, s.libraries.tfjsLayers, s.libraries.ajvCompiler].map((found) =>
              found ? 'yes' : 'no',
            ),
          ]),
        ),
    );
  }
  for (const c of r.cold) {
    const plainOver = c.targets.find((t) => t.name === PLAIN)!.overBareMs;
    parts.push(
      `Cold start, ${modelTitle(c.model)}: fresh node per run, spawn -> first answer -> exit (${c.runs} rounds, interleaved)\n` +
        `${PLAIN}: ${r.plain?.tfjs}, tf.loadLayersModel over fs, predict on zeros [1, ${c.sequenceLength}] (the bench texts' median n-gram count)\n` +
        renderTable(
          [
            'process',
            'median',
            'min',
            'max',
            'over bare node',
            `÷ ${PLAIN}'s`,
            'boot / required / answered (probe clock)',
          ],
          [
            ['node -e 0', ms(c.bareNodeMs.median), ms(c.bareNodeMs.min), ms(c.bareNodeMs.max), '', '', ''],
            ...c.targets.map((t) => [
              t.name,
              ms(t.wallMs.median),
              ms(t.wallMs.min),
              ms(t.wallMs.max),
              ms(t.overBareMs),
              `${(t.overBareMs / plainOver).toFixed(2)}x`,
              `${t.phasesMedianMs.boot.toFixed(1)} / ${t.phasesMedianMs.required.toFixed(1)} / ${t.phasesMedianMs.answered.toFixed(1)} ms`,
            ]),
          ],
        ),
    );
    const ours = c.targets.filter((t) => t.name !== PLAIN);
    const steps = [...new Set(ours.flatMap((t) => t.breakdownMs.map((b) => b.step)))];
    parts.push(
      `Cold-start breakdown, ${modelTitle(c.model)}: process start -> first answer, each interval named by the step that ends it (medians, ms)\n` +
        renderTable(
          ['step', ...ours.map((t) => t.name)],
          steps.map((step) => [
            step,
            ...ours.map((t) => t.breakdownMs.find((b) => b.step === step)?.ms.toFixed(1) ?? ''),
          ]),
        ),
    );
  }
  if (r.moduleCosts) {
    parts.push(
      'Module evaluation per dependency: each bundled alone like the functions, require() in a fresh node (medians; overlapping, not a sum)\n' +
        renderTable(
          ['dependency', 'bundle', 'require', 'over empty bundle'],
          r.moduleCosts.map((m) => [
            m.name,
            mb(m.bundleBytes),
            ms(m.requireMs),
            m.name === EMPTY ? '' : ms(m.overEmptyMs),
          ]),
        ),
    );
  }
  for (const w of r.warm) {
    const row = (name: string, s: Summary) => [
      name,
      ms(s.p50),
      ms(s.p99),
      ms(s.max),
      ms(s.mean),
      `${(s.p50 / w.plain.p50).toFixed(2)}x`,
      `${(s.p99 / w.plain.p99).toFixed(2)}x`,
    ];
    parts.push(
      `Warm, ${modelTitle(w.model)}: ${w.classify.n} sequential calls each, in ${WARM_SLICES} alternating processes per handler, each after ${r.samples.warmup} warm-up calls\n` +
        renderTable(
          ['', 'p50', 'p99', 'max', 'mean', `p50 ÷ ${PLAIN}'s`, `p99 ÷ ${PLAIN}'s`],
          [row('POST /classify, full stack', w.classify), row(`${PLAIN}, predict only`, w.plain)],
        ),
    );
  }
  if (r.batch) {
    const b = r.batch;
    parts.push(
      `Throughput on the same ${BATCH_TEXTS} texts\n` +
        renderTable(
          ['requests', 'texts/s', 'ms per text', 'speed-up per text'],
          [
            [
              'POST /classify, one text each',
              b.single.textsPerSecond.toFixed(0),
              b.single.msPerText.toFixed(3),
              '1.0x',
            ],
            ...b.sizes.map((s) => [
              `POST /classify/batch of ${s.size}`,
              s.textsPerSecond.toFixed(0),
              s.msPerText.toFixed(3),
              `${s.speedupPerText.toFixed(1)}x`,
            ]),
          ],
        ),
    );
  }
  if (r.memory) {
    const { before, after, calls, mix } = r.memory;
    parts.push(
      `Memory over ${calls} mixed calls (${mix.map((x) => x.case).length} cases, ${mix.filter((x) => x.status !== 200).reduce((n, x) => n + x.calls, 0)} of them errors)\n` +
        renderTable(
          ['', 'before', 'after', 'growth'],
          [
            [
              'tf.memory().numTensors',
              String(before.numTensors),
              String(after.numTensors),
              String(after.numTensors - before.numTensors),
            ],
            [
              'heap used (after gc)',
              mb(before.heapUsedBytes),
              mb(after.heapUsedBytes),
              mb(after.heapUsedBytes - before.heapUsedBytes),
            ],
          ],
        ),
    );
  }
  if (r.targets.length > 0) {
    parts.push(
      'Targets\n' +
        renderTable(
          ['target', 'limit', 'measured', ''],
          r.targets.map((t) => [t.target, t.limit, t.measured, t.met ? 'met' : 'NOT MET']),
        ),
    );
  }
  return parts.join('\n\n');
}

main(program.parse().opts<Options>()).catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

/** One series' figures over several slices: their texts and handler time added up. */
function pooledThroughput(slices: readonly ThroughputResult[]): ThroughputResult {
  const texts = slices.reduce((n, r) => n + r.texts, 0);
  const ms = slices.reduce((n, r) => n + r.ms, 0);
  return { size: slices[0]!.size, texts, ms, textsPerSecond: (texts / ms) * 1000, msPerText: ms / texts };
}
