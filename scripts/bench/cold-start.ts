import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { INIT_MARK_PREFIX } from '../../lib/observability/init-marks';
import { lambdaContext } from './events';
import { round, summarize, type Summary } from './stats';

/** What one probe process reports about itself (milliseconds since its own process start). */
interface ProbeReport {
  status: number;
  /** Node's own start-up, until the first line of the probe runs. */
  bootMs: number;
  /** After `require()` of the bundle returned (module init done; the model load may still be running). */
  requiredMs: number;
  /** When the first response came back. */
  answeredMs: number;
  /** The service's init marks (`lib/observability/init-marks.ts`), name without prefix and time. */
  marks: [string, number][];
}

/** A cold-start target: a bundled handler and the event to send it. */
export interface ColdTarget {
  name: string;
  /** The unpacked zip (used as the working directory, like /var/task). */
  dir: string;
  handlerFile: string;
  handlerExport: string;
  event: APIGatewayProxyEvent;
  env: NodeJS.ProcessEnv;
}

export interface ColdStartResult {
  name: string;
  /** Spawn to exit, as seen from the parent. */
  wallMs: Summary;
  /** Median of the probe's own clock: node boot, bundle required, first answer. */
  phasesMedianMs: { boot: number; required: number; answered: number };
  /**
   * Where the time from process start to the first answer went: each interval of the probe's timeline is named by
   * the mark that ends it (the service's init marks, `bundle required`, `first answer`), median over the runs.
   */
  breakdownMs: { step: string; ms: number }[];
  /** Median wall time minus the median bare `node -e 0` of the same run. */
  overBareMs: number;
}

export interface ColdStartResults {
  runs: number;
  bareNodeMs: Summary;
  targets: ColdStartResult[];
}

/**
 * The probe a fresh node runs with `-e`: require the bundle, answer one event, report, exit. Everything is inlined
 * so the probe reads no file but the bundle (and what the bundle itself reads, e.g. the model).
 */
function probeSource(target: ColdTarget): string {
  const context = lambdaContext(`atlas-classifier-bench-${target.name}`, 'bench-cold-0001');
  return `
const boot = performance.now();
const { ${target.handlerExport}: handler } = require(${JSON.stringify(join(target.dir, target.handlerFile))});
const required = performance.now();
const context = ${JSON.stringify(context)};
context.getRemainingTimeInMillis = () => 10000;
handler(${JSON.stringify(target.event)}, context).then((response) => {
  const answered = performance.now();
  const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith(${JSON.stringify(INIT_MARK_PREFIX)}))
    .map((m) => [m.name.slice(${INIT_MARK_PREFIX.length}), m.startTime]);
  process.stderr.write('BENCH-PROBE ' + JSON.stringify({ status: response.statusCode, bootMs: boot, requiredMs: required, answeredMs: answered, marks }) + '\\n');
  process.exit(0);
}, (error) => {
  process.stderr.write('BENCH-PROBE-ERROR ' + String(error && error.stack || error) + '\\n');
  process.exit(1);
});
`;
}

/** Runs `node -e <source>` and times it from spawn to exit. stdout (the function's logs) is discarded. */
function timeNode(source: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-e', source], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`probe exited with ${code}:\n${stderr.slice(-4000)}`));
      else resolve({ ms, stderr });
    });
  });
}

function parseProbe(stderr: string, name: string): ProbeReport {
  const line = stderr.split('\n').find((l) => l.startsWith('BENCH-PROBE '));
  if (!line) throw new Error(`${name}: the probe reported nothing:\n${stderr.slice(-4000)}`);
  const report = JSON.parse(line.slice('BENCH-PROBE '.length)) as ProbeReport;
  if (report.status !== 200) throw new Error(`${name}: the first answer was HTTP ${report.status}, not 200`);
  return report;
}

/**
 * Cold starts: `runs` rounds, each spawning a bare `node -e 0` and one fresh process per target, in an order that
 * rotates every round, so background noise hits every series alike.
 *
 * @param targets - the bundled handlers to start
 * @param runs - processes per series (the issue asks for at least 10)
 * @param onProgress - called after each round
 */
export async function measureColdStarts(
  targets: readonly ColdTarget[],
  runs: number,
  onProgress: (round: number) => void = () => undefined,
): Promise<ColdStartResults> {
  const bare: number[] = [];
  const wall = targets.map(() => [] as number[]);
  const reports = targets.map(() => [] as ProbeReport[]);
  const series = [-1, ...targets.map((_, i) => i)];
  const bareEnv = targets[0]?.env ?? process.env;
  const sources = targets.map(probeSource);

  // One unmeasured round first: the first spawn of a run pays for cold disk caches.
  for (const i of series) {
    if (i < 0) await timeNode('0', process.cwd(), bareEnv);
    else await timeNode(sources[i]!, targets[i]!.dir, targets[i]!.env);
  }

  for (let round = 0; round < runs; round++) {
    const rotation = round % series.length;
    for (const i of [...series.slice(rotation), ...series.slice(0, rotation)]) {
      if (i < 0) {
        bare.push((await timeNode('0', process.cwd(), bareEnv)).ms);
        continue;
      }
      const target = targets[i]!;
      const { ms, stderr } = await timeNode(sources[i]!, target.dir, target.env);
      wall[i]!.push(ms);
      reports[i]!.push(parseProbe(stderr, target.name));
    }
    onProgress(round + 1);
  }

  const bareNodeMs = summarize(bare);
  return {
    runs,
    bareNodeMs,
    targets: targets.map((target, i) => {
      const wallMs = summarize(wall[i]!);
      const phase = (pick: (r: ProbeReport) => number) => round(summarize(reports[i]!.map(pick)).median);
      return {
        name: target.name,
        wallMs,
        phasesMedianMs: {
          boot: phase((r) => r.bootMs),
          required: phase((r) => r.requiredMs),
          answered: phase((r) => r.answeredMs),
        },
        breakdownMs: breakdown(reports[i]!),
        overBareMs: wallMs.median - bareNodeMs.median,
      };
    }),
  };
}

/**
 * Names every interval of each probe's timeline by the mark that ends it and takes each name's median over the
 * runs (a step a run did not mark counts as 0 ms there). Steps come out in the order of the first run.
 */
export function breakdown(reports: readonly ProbeReport[]): { step: string; ms: number }[] {
  const perRun = reports.map((r) => {
    const points: [string, number][] = [
      ['node boot', r.bootMs],
      ...r.marks,
      ['bundle required (module evaluation after the loader)', r.requiredMs],
      ['first request', r.answeredMs],
    ];
    points.sort((a, b) => a[1] - b[1]);
    const steps = new Map<string, number>();
    let previous = 0;
    for (const [name, at] of points) {
      steps.set(name, (steps.get(name) ?? 0) + at - previous);
      previous = at;
    }
    return steps;
  });
  const names = [...new Set(perRun.flatMap((steps) => [...steps.keys()]))];
  return names.map((step) => ({ step, ms: round(summarize(perRun.map((steps) => steps.get(step) ?? 0)).median) }));
}
