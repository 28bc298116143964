/** Injection tokens for values built outside Nest (logger, metrics, the node's parts). */
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const NODE_RUNTIME = Symbol('NODE_RUNTIME');
