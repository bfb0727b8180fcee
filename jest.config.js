/**
 * middy 6 and some of its dependencies ship ESM only, and the serving tfjs imports tfjs-backend-cpu's kernels one
 * by one from its ESM build (lib/model/tf/cpu-serving.ts), so they must be transformed too;
 * everything else in node_modules is left alone to keep the run fast.
 */
const esmOnly = ['@middy', '@aws-lambda-powertools', '@tensorflow/tfjs-backend-cpu'].join('|');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // The playground page is imported as text, as esbuild's text loader bundles it.
    '\\.html$': '<rootDir>/__tests__/support/html-as-text.js',
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json', 'html'],
  testTimeout: 30000,
};
