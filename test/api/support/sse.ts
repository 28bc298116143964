import { IncomingMessage, request } from 'node:http';

export interface SseEvent {
  readonly event: string;
  readonly data: any;
}

/** A raw Server-Sent Events reader: collects parsed events until closed. */
export async function openEventStream(port: number, path: string, headers: Record<string, string> = {}): Promise<{ events: SseEvent[]; response: IncomingMessage; close(): void }> {
  const events: SseEvent[] = [];
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      });
      response.on('error', () => undefined);
      resolve({ events, response, close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}
