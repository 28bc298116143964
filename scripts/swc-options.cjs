// One set of swc options for the build (scripts/build.mjs) and for Jest (@swc/jest), so code
// runs the same way in tests and in production: CommonJS output, legacy decorators with
// metadata (Nest's dependency injection and class-validator read it).
'use strict';

/** @param {{ paths?: Record<string, string[]>, baseUrl?: string }} [aliases] */
function swcOptions(aliases = {}) {
  return {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      ...(aliases.paths ? { baseUrl: aliases.baseUrl, paths: aliases.paths } : {}),
    },
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  };
}

/** Path aliases shared by tsconfig.json, Jest and the build. */
const ALIASES = {
  '@mbc/wire': 'libs/wire/src/index.ts',
  '@mbc/chain': 'libs/chain/src/index.ts',
  '@mbc/p2p': 'libs/p2p/src/index.ts',
};

module.exports = { swcOptions, ALIASES };
