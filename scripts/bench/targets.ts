/** The targets, checked against a run's figures. */
export interface TargetCheck {
  target: string;
  limit: string;
  measured: string;
  met: boolean;
}

/** The figures the targets are about (whatever sections ran). */
export interface TargetInputs {
  zips?: { name: string; zippedBytes: number }[];
  coldOverBareMs?: { name: string; ms: number }[];
  warm?: { p50: number; p99: number };
  batch128Speedup?: number;
  memory?: { tensorGrowth: number; heapGrowthBytes: number };
}

const MB = 2 ** 20;

/**
 * Compares a run with the targets of issue 5 (on the 2-core reference machine).
 *
 * @param inputs - the figures of the sections that ran; a section that did not run yields no check
 */
export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const zip of inputs.zips ?? []) {
    checks.push({ target: `${zip.name} zip`, limit: '<= 2 MB', measured: `${(zip.zippedBytes / MB).toFixed(2)} MB`, met: zip.zippedBytes <= 2 * MB });
  }
  for (const cold of inputs.coldOverBareMs ?? []) {
    checks.push({ target: `${cold.name} cold start over bare node`, limit: '<= 150 ms', measured: `${cold.ms.toFixed(1)} ms`, met: cold.ms <= 150 });
  }
  if (inputs.warm) {
    checks.push({ target: 'warm /classify p50', limit: '<= 0.5 ms', measured: `${inputs.warm.p50.toFixed(3)} ms`, met: inputs.warm.p50 <= 0.5 });
    checks.push({ target: 'warm /classify p99', limit: '<= 2 ms', measured: `${inputs.warm.p99.toFixed(3)} ms`, met: inputs.warm.p99 <= 2 });
  }
  if (inputs.batch128Speedup !== undefined) {
    const x = inputs.batch128Speedup;
    checks.push({ target: 'batch of 128 speed-up per text', limit: '>= 10x', measured: `${x.toFixed(1)}x`, met: x >= 10 });
  }
  if (inputs.memory) {
    const { tensorGrowth, heapGrowthBytes } = inputs.memory;
    checks.push({ target: 'tensor growth', limit: '0', measured: String(tensorGrowth), met: tensorGrowth === 0 });
    checks.push({ target: 'heap growth', limit: '< 10 MB', measured: `${(heapGrowthBytes / MB).toFixed(2)} MB`, met: heapGrowthBytes < 10 * MB });
  }
  return checks;
}
