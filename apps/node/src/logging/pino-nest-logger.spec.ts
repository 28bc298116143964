import { Writable } from 'node:stream';

import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest-logger';

function capture(): { stream: Writable; records: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, records: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
}

describe('logging', () => {
  it('writes Nest log lines as pino JSON with their context', () => {
    const { stream, records } = capture();
    const nest = new PinoNestLogger(createLogger({ logLevel: 'info', logFormat: 'json' }, stream));
    nest.log('Mapped {/v1/chain, GET} route', 'RouterExplorer');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(records()).toEqual([
      expect.objectContaining({ level: 30, msg: 'Mapped {/v1/chain, GET} route', context: 'RouterExplorer', component: 'nest' }),
      expect.objectContaining({ level: 50, msg: 'boom', context: 'ExceptionsHandler', stack: 'Error: boom\n    at x' }),
    ]);
  });

  it('redacts the API token', () => {
    const { stream, records } = capture();
    createLogger({ logLevel: 'info', logFormat: 'auto' }, stream).info({ config: { apiToken: 'super-secret-token' }, headers: { authorization: 'Bearer x' } }, 'config');
    const text = JSON.stringify(records());
    expect(text).not.toContain('super-secret-token');
    expect(text).not.toContain('Bearer x');
  });
});
