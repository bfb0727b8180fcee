'use strict';
/**
 * A local serverless plugin: before the functions are packaged, writes the files derived from model/ into
 * model-cache/ (scripts/derive-model-files.ts), which `package.patterns` puts into the zips. Listed before
 * serverless-esbuild so it runs first. The derived files only make a cold start faster: a bundle loads without them.
 */
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

class DeriveModelFiles {
  constructor(serverless, _options, { log } = {}) {
    const derive = () => {
      const serviceDir = serverless.serviceDir ?? serverless.config.servicePath;
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(serviceDir, 'scripts', 'derive-model-files.ts'), join(serviceDir, 'model')], {
        cwd: serviceDir,
        encoding: 'utf8',
      });
      if (result.status !== 0) {
        throw new serverless.classes.Error(`deriving the model files failed: ${(result.stderr || String(result.error)).trim()}`);
      }
      log?.verbose?.(result.stdout.trim());
    };
    this.hooks = {
      'before:package:createDeploymentArtifacts': derive,
      'before:deploy:function:packageFunction': derive,
    };
  }
}

module.exports = DeriveModelFiles;
