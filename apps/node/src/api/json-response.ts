/**
 * Content type of routes that answer JSON serialized ahead of time: they return a string or a
 * Buffer, which fastify sends as it is, instead of an object it would stringify on every request.
 */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** UTF-8 JSON of a response body, ready to send. */
export function toJsonBuffer(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body));
}
