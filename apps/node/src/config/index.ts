export * from './config-error';
export * from './load-config';
export * from './node-config';
export * from './settings';
