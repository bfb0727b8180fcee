import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import JSZip from 'jszip';
import { projectRoot } from './events';

/** One deployable function as `serverless package` wrote it. */
export interface PackagedFunction {
  /** The function's name in serverless.yml (`classify`, `classifyBatch`, `health`). */
  name: string;
  zipPath: string;
  zippedBytes: number;
  unzippedBytes: number;
  /** Every file in the zip with its uncompressed size, largest first. */
  files: { path: string; bytes: number }[];
  /** The bundle file the handler lives in, e.g. `handlers/classify.js`. */
  handlerFile: string;
  /** The handler's export name, e.g. `handler`. */
  handlerExport: string;
  /** The environment the function gets in the CloudFormation template (string values only). */
  environment: Record<string, string>;
}

/** A scratch area for one bench run: a private HOME, a service view for the CLI, and room for outputs. */
export interface Workspace {
  base: string;
  home: string;
}

/** Creates the bench's scratch area under the system temp directory. */
export function createWorkspace(): Workspace {
  const base = mkdtempSync(join(tmpdir(), 'atlas-bench-'));
  const home = join(base, 'home');
  mkdirSync(home);
  return { base, home };
}

/** Never mirrored into the service view: git internals, the CLI's work folders and the config (copied instead). */
const NOT_MIRRORED = new Set(['.git', '.esbuild', '.serverless', 'serverless.yml', 'bench']);

/**
 * Runs `serverless package --stage <stage> --package <dir>` on a view of the project made of symlinks (so the CLI's
 * `.esbuild/` and `.serverless/` work folders never touch the checkout, where `npm start` or a test may be running),
 * with HOME in the workspace and no AWS credentials.
 *
 * @returns the directory holding the zips and the CloudFormation template
 * @throws Error with the CLI's output when packaging fails
 */
export async function packageService(workspace: Workspace, stage: string): Promise<string> {
  const service = join(workspace.base, 'service');
  const out = join(workspace.base, 'package');
  mkdirSync(service);
  for (const entry of readdirSync(projectRoot)) {
    if (!NOT_MIRRORED.has(entry)) symlinkSync(join(projectRoot, entry), join(service, entry));
  }
  copyFileSync(join(projectRoot, 'serverless.yml'), join(service, 'serverless.yml'));

  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(AWS_|SLS_|SERVERLESS_)/.test(key)) env[key] = value;
  Object.assign(env, { HOME: workspace.home, USERPROFILE: workspace.home, AWS_REGION: 'us-east-1', NO_COLOR: '1' });

  const cli = join(projectRoot, 'node_modules', 'serverless', 'bin', 'serverless.js');
  const child = spawn(process.execPath, [cli, 'package', '--stage', stage, '--package', out], {
    cwd: service,
    env,
    detached: true, // its own process group, so a timeout can stop esbuild's helper process too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const timer = setTimeout(() => killGroup(child.pid), 300_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  killGroup(child.pid); // nothing it started outlives it
  if (code !== 0) throw new Error(`serverless package failed (exit ${code}):\n${output}`);
  return out;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

interface CfFunction {
  Type: string;
  Properties: {
    Handler: string;
    Code?: { S3Key?: unknown };
    Environment?: { Variables?: Record<string, unknown> };
  };
}

/**
 * Reads every function of a package directory: its zip's sizes and files, its handler and its environment.
 *
 * @param packageDir - the `--package` output (zips plus `cloudformation-template-update-stack.json`)
 */
export async function readPackage(packageDir: string): Promise<PackagedFunction[]> {
  const templatePath = join(packageDir, 'cloudformation-template-update-stack.json');
  if (!existsSync(templatePath)) throw new Error(`${packageDir} has no cloudformation-template-update-stack.json`);
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as { Resources: Record<string, CfFunction> };
  const functions: PackagedFunction[] = [];
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const key = resource.Properties.Code?.S3Key;
    if (typeof key !== 'string') continue;
    const zipPath = join(packageDir, basename(key));
    const zip = await JSZip.loadAsync(readFileSync(zipPath));
    const files: { path: string; bytes: number }[] = [];
    for (const entry of Object.values(zip.files)) {
      if (!entry.dir) files.push({ path: entry.name, bytes: (await entry.async('nodebuffer')).length });
    }
    files.sort((a, b) => b.bytes - a.bytes);
    const handler = resource.Properties.Handler;
    const dot = handler.lastIndexOf('.');
    const environment: Record<string, string> = {};
    for (const [name, value] of Object.entries(resource.Properties.Environment?.Variables ?? {})) {
      if (typeof value === 'string') environment[name] = value;
    }
    functions.push({
      name: basename(zipPath, '.zip'),
      zipPath,
      zippedBytes: statSync(zipPath).size,
      unzippedBytes: files.reduce((sum, f) => sum + f.bytes, 0),
      files,
      handlerFile: `${handler.slice(0, dot)}.js`,
      handlerExport: handler.slice(dot + 1),
      environment,
    });
  }
  if (functions.length === 0) throw new Error(`${templatePath} declares no packaged Lambda functions`);
  return functions.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Unpacks a function's zip, as Lambda does into /var/task.
 *
 * @returns the directory the zip was unpacked into
 */
export async function extractZip(zipPath: string, into: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  for (const entry of Object.values(zip.files)) {
    const target = join(into, entry.name);
    if (!target.startsWith(into)) throw new Error(`${zipPath}: entry ${entry.name} escapes the target directory`);
    if (entry.dir) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await entry.async('nodebuffer'));
  }
  return into;
}

/** What a bundle carries that the cold start pays for; each found by a string only that library puts in it. */
export interface BundleLibraries {
  /** tfjs-core: an error message and an environment flag name. */
  tfjs: boolean;
  /** tfjs-layers: the version it stamps into saved models ("tfjs-layers 4.22.0"). */
  tfjsLayers: boolean;
  /** ajv's schema compiler (an option name); the precompiled validators only need its small runtime helpers. */
  ajvCompiler: boolean;
}

/** Which heavy libraries a bundle file holds. */
export function bundleLibraries(bundlePath: string): BundleLibraries {
  const code = readFileSync(bundlePath, 'utf8');
  return {
    tfjs: code.includes('not found in registry') && code.includes('IS_BROWSER'),
    tfjsLayers: code.includes('tfjs-layers '),
    ajvCompiler: code.includes('strictSchema'),
  };
}
