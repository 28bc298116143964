// Jest runs TypeScript through @swc/jest with the build's own swc options. NestJS 12 ships ESM
// only, so its packages (and the ESM-only helpers they load) are transformed to CommonJS too.
'use strict';
const { swcOptions, ALIASES } = require('./scripts/swc-options.cjs');

const ESM_PACKAGES = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit', 'load-esm', 'content-disposition'];
// Jest's CommonJS runtime cannot run real dynamic import(), which Nest uses for optional
// packages (@nestjs/microservices, @fastify/static): let swc turn them into require() here. The
// build keeps them (Node runs them natively).
const swc = swcOptions();
const transform = {
  '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swc, module: { ...swc.module, ignoreDynamic: false }, sourceMaps: 'inline', swcrc: false }],
};
const moduleNameMapper = Object.fromEntries(
  Object.entries(ALIASES).map(([alias, file]) => [`^${alias}$`, `<rootDir>/${file}`]),
);
const common = {
  transform,
  moduleNameMapper,
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
