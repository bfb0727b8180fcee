/**
 * The performance benchmark of issue 5: package sizes, cold start, warm latency, batch throughput and memory,
 * printed as tables and written as JSON.
 *
 *   npm run bench                      # full run (a few minutes), writes bench/results.json
 *   npm run bench -- --quick           # smoke run: same sections, far fewer samples
 *   npm run bench -- --package-dir .serverless --only cold,warm
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { measureColdStarts, type ColdStartResults } from './bench/cold-start';
import { projectRoot, readEvent } from './bench/events';
import { benchImportedModel, renderImportedModel } from './bench/imported-model';
import { describeMachine } from './bench/machine';
import type { MemoryInput, MemoryResult } from './bench/memory-worker';
import { bundleLibraries, extractZip, packageService, readPackage, type PackagedFunction } from './bench/packaging';
import { createServiceSandbox } from './support/service-sandbox';
import { round, type Summary } from './bench/stats';
import { renderTable, mb, ms } from './bench/table';
import { checkTargets } from './bench/targets';
import type { ThroughputInput, ThroughputResult } from './bench/throughput-worker';
import type { WarmInput } from './bench/warm-worker';
import { runWorker } from './bench/worker';

const SECTIONS = ['size', 'cold', 'warm', 'batch', 'memory'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  out: string;
  quick: boolean;
  stage: string;
  packageDir?: string;
  logLevel: string;
  only: Section[];
  keep: boolean;
}

const program = new Command()
  .name('bench')
  .description('Benchmark the packaged functions: sizes, cold start, warm latency, batch throughput, memory.')
  .option('--out <path>', 'where to write the figures as JSON', 'bench/results.json')
  .option('--quick', 'smoke run: every section with far fewer samples (figures are rough)', false)
  .option('--stage <stage>', 'stage to package', 'dev')
  .option('--package-dir <dir>', 'use the zips of an earlier `serverless package --package <dir>` instead of packaging')
  .addOption(new Option('--log-level <level>', 'LOG_LEVEL of the measured functions (as in production)').choices(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'))
  .option('--only <sections>', `comma-separated subset of ${SECTIONS.join(',')}`, parseSections, [...SECTIONS])
  .option('--keep', 'keep the scratch directory (packages, unpacked zips) and print where it is', false);

function parseSections(value: string): Section[] {
  const sections = value.split(',').map((s) => s.trim());
  for (const s of sections) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section ${s}; use ${SECTIONS.join(',')}`);
  return sections as Section[];
}

/** Sample counts: the full run meets the minimums; --quick only proves every section works. */
const SAMPLES = {
  full: { coldRuns: 15, warmup: 2_000, warmCalls: 10_000, batchMinMs: 1_500, memoryWarmup: 2_000, memoryCalls: 100_000 },
  quick: { coldRuns: 3, warmup: 200, warmCalls: 1_000, batchMinMs: 200, memoryWarmup: 200, memoryCalls: 5_000 },
};

const BATCH_SIZES = [1, 32, 128];
const BATCH_TEXTS = 128;

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
    for (const fn of functions) unpacked.set(fn.name, await extractZip(fn.zipPath, join(sandbox.scratch, 'unpacked', fn.name)));
    const fn = (name: string): PackagedFunction & { dir: string } => {
      const found = functions.find((f) => f.name === name);
      if (!found) throw new Error(`the package has no ${name} function (found ${functions.map((f) => f.name).join(', ')})`);
      return { ...found, dir: unpacked.get(name)! };
    };
    /** The function's own environment from the template, on a minimal base (like Lambda, not this shell's). */
    const envOf = (f: PackagedFunction): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      LANG: 'C.UTF-8',
      TZ: 'UTC',
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

    let cold: ColdStartResults | undefined;
    if (only.has('cold')) {
      progress(`cold start: ${samples.coldRuns} rounds of bare node, classify, health ...`);
      const target = (f: ReturnType<typeof fn>, event: string) => ({
        name: f.name,
        dir: f.dir,
        handlerFile: f.handlerFile,
        handlerExport: f.handlerExport,
        event: readEvent(event),
        env: envOf(f),
      });
      cold = await measureColdStarts([target(classify, 'classify.json'), target(health, 'health.json')], samples.coldRuns, (r) =>
        progress(`  round ${r}/${samples.coldRuns}`),
      );
      results.coldStart = cold;
    }

    let warm: Summary | undefined;
    if (only.has('warm')) {
      progress(`warm /classify: ${samples.warmCalls} calls after ${samples.warmup} warm-up calls ...`);
      warm = await runWorker<WarmInput, Summary>(
        join(__dirname, 'bench', 'warm-worker.ts'),
        { handlerPath: join(classify.dir, classify.handlerFile), handlerExport: classify.handlerExport, warmup: samples.warmup, calls: samples.warmCalls },
        { env: envOf(classify), cwd: projectRoot },
      );
      results.warm = { ...warm, unit: 'ms' };
    }

    // Issue 9: the example LSTM (generic layers runtime) beside the default model, same bundle, same run.
    const imported = only.has('cold') || only.has('warm') ? await benchImportedModel({ ...classify, env: envOf(classify) }, sandbox.scratch, samples, progress) : undefined;
    if (imported) results.importedModel = imported;

    let batch: { single: ThroughputResult; sizes: (ThroughputResult & { speedupPerText: number })[] } | undefined;
    if (only.has('batch')) {
      progress(`batch throughput: ${BATCH_TEXTS} texts one by one, then in batches of ${BATCH_SIZES.join(', ')} ...`);
      const throughput = (f: ReturnType<typeof fn>, mode: ThroughputInput['mode']) =>
        runWorker<ThroughputInput, ThroughputResult[]>(
          join(__dirname, 'bench', 'throughput-worker.ts'),
          { handlerPath: join(f.dir, f.handlerFile), handlerExport: f.handlerExport, mode, sizes: BATCH_SIZES, texts: BATCH_TEXTS, minMs: samples.batchMinMs },
          { env: envOf(f), cwd: projectRoot },
        );
      const [single] = await throughput(classify, 'single');
      const batched = await throughput(classifyBatch, 'batch');
      batch = { single: single!, sizes: batched.map((b) => ({ ...b, speedupPerText: single!.msPerText / b.msPerText })) };
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

    const targets = checkTargets({
      zips: only.has('size') ? sizes : undefined,
      coldOverBareMs: cold?.targets.map((t) => ({ name: t.name, ms: t.overBareMs })),
      warm,
      batch128Speedup: batch?.sizes.find((b) => b.size === 128)?.speedupPerText,
      memory: memory && {
        tensorGrowth: memory.after.numTensors - memory.before.numTensors,
        heapGrowthBytes: memory.after.heapUsedBytes - memory.before.heapUsedBytes,
      },
    });
    results.targets = targets;
    results.durationSeconds = round((Date.now() - started) / 1000, 1);

    console.log(report({ machine, sizes: only.has('size') ? sizes : undefined, cold, warm, batch, memory, targets, options, samples }));
    if (imported) console.log(`\n${renderImportedModel(imported)}`);
    console.log(`\nbench took ${results.durationSeconds} s`);
    const out = resolve(options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(results, (_, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? round(v) : v), 2) + '\n');
    console.log(`figures written to ${out}`);
  } finally {
    if (options.keep) progress(`scratch kept in ${sandbox.scratch}`);
    else sandbox.remove();
  }
}

interface ReportInputs {
  machine: ReturnType<typeof describeMachine>;
  sizes?: { name: string; zippedBytes: number; unzippedBytes: number; bundleBytes: number; libraries: ReturnType<typeof bundleLibraries> }[];
  cold?: ColdStartResults;
  warm?: Summary;
  batch?: { single: ThroughputResult; sizes: (ThroughputResult & { speedupPerText: number })[] };
  memory?: MemoryResult;
  targets: ReturnType<typeof checkTargets>;
  options: Options;
  samples: (typeof SAMPLES)['full'];
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
            ...[s.libraries.tfjs, s.libraries.tfjsLayers, s.libraries.ajvCompiler].map((found) => (found ? 'yes' : 'no')),
          ]),
        ),
    );
  }
  if (r.cold) {
    const c = r.cold;
    parts.push(
      `Cold start: fresh node per run, spawn -> first answer -> exit (${c.runs} runs each, interleaved)\n` +
        renderTable(
          ['process', 'median', 'min', 'max', 'over bare node', 'boot / required / answered (probe clock)'],
          [
            ['node -e 0', ms(c.bareNodeMs.median), ms(c.bareNodeMs.min), ms(c.bareNodeMs.max), '', ''],
            ...c.targets.map((t) => [
              t.name,
              ms(t.wallMs.median),
              ms(t.wallMs.min),
              ms(t.wallMs.max),
              ms(t.overBareMs),
              `${t.phasesMedianMs.boot.toFixed(1)} / ${t.phasesMedianMs.required.toFixed(1)} / ${t.phasesMedianMs.answered.toFixed(1)} ms`,
            ]),
          ],
        ),
    );
  }
  if (r.warm) {
    const w = r.warm;
    parts.push(
      `Warm POST /classify through the bundled handler and middy stack (${w.n} calls after ${r.samples.warmup} warm-up)\n` +
        renderTable(['', 'p50', 'p99', 'max', 'mean'], [['latency', ms(w.p50), ms(w.p99), ms(w.max), ms(w.mean)]]),
    );
  }
  if (r.batch) {
    const b = r.batch;
    parts.push(
      `Throughput on the same ${BATCH_TEXTS} texts\n` +
        renderTable(
          ['requests', 'texts/s', 'ms per text', 'speed-up per text'],
          [
            ['POST /classify, one text each', b.single.textsPerSecond.toFixed(0), b.single.msPerText.toFixed(3), '1.0x'],
            ...b.sizes.map((s) => [`POST /classify/batch of ${s.size}`, s.textsPerSecond.toFixed(0), s.msPerText.toFixed(3), `${s.speedupPerText.toFixed(1)}x`]),
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
            ['tf.memory().numTensors', String(before.numTensors), String(after.numTensors), String(after.numTensors - before.numTensors)],
            ['heap used (after gc)', mb(before.heapUsedBytes), mb(after.heapUsedBytes), mb(after.heapUsedBytes - before.heapUsedBytes)],
          ],
        ),
    );
  }
  if (r.targets.length > 0) {
    parts.push('Targets (issue 5)\n' + renderTable(['target', 'limit', 'measured', ''], r.targets.map((t) => [t.target, t.limit, t.measured, t.met ? 'met' : 'NOT MET'])));
  }
  return parts.join('\n\n');
}

main(program.parse().opts<Options>()).catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
