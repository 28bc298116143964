import { PassThrough } from 'node:stream';

import type { ChainInfo } from './api-types';
import { SyncProgressBar, isSyncing, renderSyncBar } from './progress-bar';

function info(height: number, headersHeight: number, syncProgress: number): ChainInfo {
  return { network: 'regtest', height, headersHeight, syncProgress, bestHash: '', chainWork: '0', mempoolSize: 0, mempoolBytes: '0', peers: { inbound: 0, outbound: 1 } };
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('sync progress bar', () => {
  it('is drawn while headers are ahead of blocks and scales with syncProgress', () => {
    expect(isSyncing(info(100, 300, 1 / 3))).toBe(true);
    expect(isSyncing(info(300, 300, 1))).toBe(false);
    expect(renderSyncBar(info(100, 300, 1 / 3))).toBe(`[${'#'.repeat(10)}${'.'.repeat(20)}]  33.3%  blocks 100/300`);
  });

  it('redraws in place with \\r on a terminal and erases itself around event lines', () => {
    const { stream, text } = capture();
    const bar = new SyncProgressBar(stream, true);
    bar.update(info(100, 300, 1 / 3));
    bar.around(() => stream.write('event\n'));
    bar.update(info(300, 300, 1));
    const out = text();
    expect(out).not.toMatch(/blocks 100\/300\n/); // Never ends a line of its own.
    expect(out).toContain('\r');
    expect(out).toMatch(/event\nsyncing \[/); // Redrawn after the event line.
    expect(out.endsWith('\r')).toBe(true); // Cleared once synced.
  });

  it('writes whole lines, only on change, when not a terminal', () => {
    const { stream, text } = capture();
    const bar = new SyncProgressBar(stream, false);
    bar.update(info(100, 300, 1 / 3));
    bar.update(info(100, 300, 1 / 3));
    bar.update(info(300, 300, 1));
    expect(text()).toBe(`syncing ${renderSyncBar(info(100, 300, 1 / 3))}\nsynced\n`);
    expect(text()).not.toContain('\r');
  });
});
