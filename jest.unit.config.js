/**
 * The fast lane (`npm run test:unit`, about a minute): suites that run in process on small or shipped models. Left to
 * the full `npm test`: suites that start serverless (offline, invoke local, package), a browser, a child CLI or a load
 * run, and the ones that import models through tfjs-layers or train them (most of the full run's time).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  maxWorkers: 2,
  testPathIgnorePatterns: [
    '/node_modules/',
    '/__tests__/(browser|integration|load|packaging|import)/',
    '/__tests__/scripts/(cross-validate|refit|train|train-abstain|ensemble-training|early-stopping)\\.test\\.ts$',
    '\\.(invoke-local|offline)\\.test\\.ts$',
    '/invoke-local\\.test\\.ts$',
    '/score-cli\\.test\\.ts$',
    '/bench/imported-model\\.test\\.ts$',
  ],
};
