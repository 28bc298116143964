import type { ChainInfo } from './api-types';
import { formatPercent } from './format';

const BAR_WIDTH = 30;

/** True while the node still has headers (or progress) ahead of its connected blocks. */
export function isSyncing(info: ChainInfo): boolean {
  return info.headersHeight > info.height || info.syncProgress < 1;
}

/** `[##########....................]  33.3%  blocks 100/300` */
export function renderSyncBar(info: ChainInfo): string {
  const ratio = Math.min(1, Math.max(0, info.syncProgress));
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${formatPercent(ratio).padStart(6)}  blocks ${info.height}/${info.headersHeight}`;
}

/**
 * The sync bar of `watch`, on stderr so stdout stays one line per event. On a terminal it is
 * redrawn in place with \r and cleared around each event line; otherwise a line is written only
 * when the text changes, which keeps logs readable.
 */
export class SyncProgressBar {
  private shown = '';

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly interactive: boolean,
  ) {}

  update(info: ChainInfo): void {
    const text = isSyncing(info) ? `syncing ${renderSyncBar(info)}` : '';
    if (text === this.shown) return;
    if (this.interactive) {
      this.erase();
      if (text) this.stream.write(text);
    } else if (text) {
      this.stream.write(`${text}\n`);
    } else if (this.shown) {
      this.stream.write('synced\n');
    }
    this.shown = text;
  }

  /** Runs `print` (which writes a whole line elsewhere) with the bar out of the way. */
  around(print: () => void): void {
    if (!this.interactive || !this.shown) return print();
    this.erase();
    print();
    this.stream.write(this.shown);
  }

  /** Leaves the terminal clean on exit. */
  finish(): void {
    if (this.interactive) this.erase();
    this.shown = '';
  }

  private erase(): void {
    if (this.shown) this.stream.write(`\r${' '.repeat(this.shown.length)}\r`);
  }
}
