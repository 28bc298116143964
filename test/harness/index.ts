// The multi-process test harness, shared by e2e specs and benchmarks (which import it from
// dist/test/harness), so nothing here may import Jest.
export * from './free-port';
export * from './network';
export * from './network-cut';
export * from './netns';
export * from './node-api';
export * from './node-process';
export * from './paths';
export * from './proc-stats';
export * from './rest';
export * from './wait-for';
export * from './profile';
export * from './random';
export * from './chain-checks';
export { trackChild } from './registry';
