import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch, totalmem } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './events';

/** Where the figures come from; printed and saved with them, because they mean nothing without it. */
export interface Machine {
  cpuModel: string;
  cores: number;
  totalMemoryGiB: number;
  node: string;
  platform: string;
  tfjs: string;
  /** 1-minute load average when the bench started: a busy machine makes every figure worse. */
  loadAverage1m: number;
}

/** Describes this machine and the tfjs version installed. */
export function describeMachine(): Machine {
  const cpu = cpus();
  const tfjs = JSON.parse(
    readFileSync(join(projectRoot, 'node_modules', '@tensorflow', 'tfjs-core', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${arch()}`,
    tfjs: tfjs.version,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}
