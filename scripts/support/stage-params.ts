import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from './service-sandbox';

/** The params of one stage as serverless.yml declares them: `params.default`, overridden by `params.<stage>`. */
export type StageParams = Record<string, unknown>;

/**
 * Reads a stage's params from serverless.yml without running the framework (no variables are resolved; the
 * params this project reads this way are plain values).
 *
 * @param stage - dev, staging, prod, or any other (which gets the defaults)
 * @param file - the service file
 */
export function stageParams(stage: string, file = join(projectRoot, 'serverless.yml')): StageParams {
  const service = parse(readFileSync(file, 'utf8')) as { params?: Record<string, StageParams | null> };
  const params = service.params ?? {};
  return { ...params.default, ...params[stage] };
}

/** The stages serverless.yml declares params for (all but `default`). */
export function declaredStages(file = join(projectRoot, 'serverless.yml')): string[] {
  const service = parse(readFileSync(file, 'utf8')) as { params?: Record<string, unknown> };
  return Object.keys(service.params ?? {}).filter((name) => name !== 'default');
}
