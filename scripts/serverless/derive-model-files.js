'use strict';
/**
 * A local serverless plugin: before the functions are bundled, writes what the packages need beside model/ into
 * model-cache/ (scripts/derive-model-files.ts): the vocabulary's table file, and the layers or graph runtime when the model
 * needs it. `package.patterns` puts model-cache/ into the zips, and serverless-esbuild copies it next to the bundles
 * for `offline` and `invoke local`. Listed before serverless-esbuild so its hooks run first.
 *
 * Local runs (`offline`, `invoke local`) always get both runtime files, so MODEL_DIR may point at any bundle there;
 * a package carries it only when the model in model/ needs it.
 */
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

/**
 * serverless-esbuild copies each function's pattern files into `.esbuild/.build/__only_<function>/` and zips that
 * folder, but never empties it: a layers runtime an earlier `offline` run derived would ride along in every zip.
 */
function removeCopiedModelCaches(serviceDir) {
  const build = join(serviceDir, '.esbuild', '.build');
  if (!existsSync(build)) return;
  for (const entry of readdirSync(build)) {
    if (entry.startsWith('__only_')) rmSync(join(build, entry, 'model-cache'), { recursive: true, force: true });
  }
}

class DeriveModelFiles {
  constructor(serverless, _options, { log } = {}) {
    const derive = (extraArgs) => () => {
      const serviceDir = serverless.serviceDir ?? serverless.config.servicePath;
      const script = join(serviceDir, 'scripts', 'derive-model-files.ts');
      const result = spawnSync(process.execPath, ['--import', 'tsx', script, join(serviceDir, 'model'), ...extraArgs], {
        cwd: serviceDir,
        encoding: 'utf8',
      });
      if (result.status !== 0) {
        throw new serverless.classes.Error(
          `deriving the model files failed: ${(result.stderr || String(result.error)).trim()}`,
        );
      }
      log?.verbose?.(result.stdout.trim());
    };
    const derivePackageFiles = derive([]);
    const forPackage = () => {
      removeCopiedModelCaches(serverless.serviceDir ?? serverless.config.servicePath);
      derivePackageFiles();
    };
    const forLocalRuns = derive(['--layers-runtime']);
    this.hooks = {
      'before:package:createDeploymentArtifacts': forPackage,
      'before:deploy:function:packageFunction': forPackage,
      'before:offline:start': forLocalRuns,
      'before:offline:start:init': forLocalRuns,
      'before:invoke:local:invoke': forLocalRuns,
    };
  }
}

module.exports = DeriveModelFiles;
