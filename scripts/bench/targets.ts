/** The performance targets, checked against a run's figures. */
export interface TargetCheck {
  target: string;
  limit: string;
  measured: string;
  met: boolean;
}

/** The figures the targets are about (whatever sections ran), for the default model. */
export interface TargetInputs {
  zips?: { name: string; zippedBytes: number }[];
  /** Each function's cold start over bare node divided by the plain-tfjs baseline's (same run). */
  coldOverBareRatio?: { name: string; ratio: number }[];
  /** Warm /classify p50 and p99 divided by the plain baseline's. */
  warmRatio?: { p50: number; p99: number };
  batch128Speedup?: number;
  memory?: { tensorGrowth: number; heapGrowthBytes: number };
}

const MB = 2 ** 20;

/**
 * Compares a run with the targets: issue 13's (ratios to the plain-tfjs baseline measured in the same run, so they
 * hold on any machine) and the earlier ones that still stand (zip size, no tensor leak, flat heap).
 *
 * @param inputs - the figures of the sections that ran; a section that did not run yields no check
 */
export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratio = (x: number) => `${x.toFixed(2)}x`;
  for (const zip of inputs.zips ?? []) {
    checks.push({
      target: `${zip.name} zip`,
      limit: '<= 2 MB',
      measured: `${(zip.zippedBytes / MB).toFixed(2)} MB`,
      met: zip.zippedBytes <= 2 * MB,
    });
  }
  for (const cold of inputs.coldOverBareRatio ?? []) {
    checks.push({
      target: `${cold.name} cold over bare / plain's`,
      limit: '<= 0.33x',
      measured: ratio(cold.ratio),
      met: cold.ratio <= 0.33,
    });
  }
  if (inputs.warmRatio) {
    checks.push({
      target: "warm /classify p50 / plain's",
      limit: '<= 1.0x',
      measured: ratio(inputs.warmRatio.p50),
      met: inputs.warmRatio.p50 <= 1,
    });
    checks.push({
      target: "warm /classify p99 / plain's",
      limit: '<= 1.0x',
      measured: ratio(inputs.warmRatio.p99),
      met: inputs.warmRatio.p99 <= 1,
    });
  }
  if (inputs.batch128Speedup !== undefined) {
    const x = inputs.batch128Speedup;
    checks.push({
      target: 'batch of 128 speed-up per text',
      limit: '>= 6x',
      measured: `${x.toFixed(1)}x`,
      met: x >= 6,
    });
  }
  if (inputs.memory) {
    const { tensorGrowth, heapGrowthBytes } = inputs.memory;
    checks.push({ target: 'tensor growth', limit: '0', measured: String(tensorGrowth), met: tensorGrowth === 0 });
    checks.push({
      target: 'heap growth',
      limit: '< 10 MB',
      measured: `${(heapGrowthBytes / MB).toFixed(2)} MB`,
      met: heapGrowthBytes < 10 * MB,
    });
  }
  return checks;
}
