import { isIP } from 'node:net';
import * as path from 'node:path';

import { P2PError, P2PErrorCode } from '../errors';
import { silentLogger, type P2PLogger } from '../logger';
import { normalizeIp } from '../net/endpoint';
import { readJsonFile, writeJsonFile } from '../util/json-file';

export interface BanEntry {
  /** The banned IP address (Core bans addresses, not ports). */
  readonly address: string;
  readonly reason: string;
  /** Unix milliseconds. */
  readonly createdAt: number;
  readonly bannedUntil: number;
}

export const BANLIST_FILE = 'banlist.json';

/**
 * Banned IP addresses with expiry, persisted in `<dataDir>/banlist.json` like Core's, so a
 * misbehaving peer stays out across restarts.
 */
export class BanList {
  private readonly entries = new Map<string, BanEntry>();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataDir: string | undefined,
    private readonly defaultBanTimeSec: number,
    private readonly logger: P2PLogger = silentLogger,
    private readonly now: () => number = Date.now,
  ) {
    if (dataDir) this.load(path.join(dataDir, BANLIST_FILE));
  }

  isBanned(ip: string): boolean {
    const entry = this.entries.get(normalizeIp(ip));
    if (!entry) return false;
    if (entry.bannedUntil > this.now()) return true;
    this.entries.delete(entry.address);
    return false;
  }

  /** Bans `address` (an IP) for `durationSec` (default: the configured ban time). Throws INVALID_ADDRESS. */
  add(address: string, reason: string, durationSec = this.defaultBanTimeSec): BanEntry {
    const ip = normalizeIp(address);
    if (isIP(ip) === 0) throw new P2PError(P2PErrorCode.InvalidAddress, `not an IP address: ${address}`);
    const createdAt = this.now();
    const entry: BanEntry = { address: ip, reason, createdAt, bannedUntil: createdAt + durationSec * 1000 };
    this.entries.set(ip, entry);
    this.persist();
    return entry;
  }

  /** Returns whether a ban was lifted. */
  remove(address: string): boolean {
    const removed = this.entries.delete(normalizeIp(address));
    if (removed) this.persist();
    return removed;
  }

  list(): BanEntry[] {
    const now = this.now();
    return [...this.entries.values()].filter((e) => e.bannedUntil > now);
  }

  /** Resolves once every change so far is on disk. */
  flush(): Promise<void> {
    return this.saving;
  }

  private load(file: string): void {
    const data = readJsonFile(file);
    if (!Array.isArray(data)) return;
    const now = this.now();
    for (const e of data as BanEntry[]) {
      if (typeof e?.address === 'string' && isIP(e.address) !== 0 && typeof e.bannedUntil === 'number' && e.bannedUntil > now) {
        this.entries.set(e.address, { address: e.address, reason: String(e.reason), createdAt: Number(e.createdAt), bannedUntil: e.bannedUntil });
      }
    }
  }

  private persist(): void {
    if (!this.dataDir) return;
    const file = path.join(this.dataDir, BANLIST_FILE);
    this.saving = this.saving.then(() => writeJsonFile(file, this.list())).catch((error: Error) => this.logger.error({ err: error.message, file }, 'could not save the ban list'));
  }
}
