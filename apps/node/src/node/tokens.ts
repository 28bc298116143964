/** Injection tokens for values built outside Nest (config, logger, metrics, the node's parts). */
export const NODE_CONFIG = Symbol('NODE_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const NODE_RUNTIME = Symbol('NODE_RUNTIME');
