import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import JSZip from 'jszip';
import { expectSuccess, runServerless } from '../support/serverless-cli';
import type { ServiceSandbox } from '../support/service-sandbox';

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

/**
 * Runs `serverless package --stage <stage> --package <dir>` in the sandbox (a view of the project made of symlinks,
 * so the CLI's `.esbuild/` and `.serverless/` work folders never touch the checkout, where `npm start` or a test may
 * be running), with a private HOME and no AWS credentials.
 *
 * @returns the directory holding the zips and the CloudFormation template
 * @throws Error with the CLI's output when packaging fails
 */
export async function packageService(sandbox: ServiceSandbox, stage: string): Promise<string> {
  const out = join(sandbox.scratch, 'package');
  expectSuccess(
    await runServerless(['package', '--stage', stage, '--package', out], sandbox, 300_000),
    'serverless package',
  );
  return out;
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
