import { request } from 'node:http';

/** One Server-Sent Event from GET /v1/events: its type, the node's clock and the payload. */
export interface StreamedEvent {
  readonly type: string;
  readonly timeMs: number;
  readonly data: Record<string, unknown>;
}

/**
 * Follows a node's SSE stream, calling `onEvent` for each event, until `close()`. Each `data:`
 * line carries `{ type, timeMs, data }` as the node's EventsService publishes it.
 */
export function followEvents(restUrl: string, onEvent: (event: StreamedEvent) => void): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(`${restUrl}/v1/events`, { headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET /v1/events answered ${res.statusCode}`));
        return;
      }
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const dataLine = block.split('\n').find((line) => line.startsWith('data:'));
          if (dataLine) onEvent(JSON.parse(dataLine.slice(5).trim()) as StreamedEvent);
        }
      });
      resolve({ close: () => req.destroy() });
    });
    req.on('error', (err) => reject(err));
    req.end();
  });
}
