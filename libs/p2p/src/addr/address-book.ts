import * as path from 'node:path';

import { ADDRESS_BOOK_CAPACITY } from '../constants';
import { silentLogger, type P2PLogger } from '../logger';
import { endpointKey, type Endpoint } from '../net/endpoint';
import { readJsonFile, writeJsonFile } from '../util/json-file';

export interface AddressEntry {
  readonly host: string;
  readonly port: number;
  /** Decimal string of the uint64 services field. */
  services: string;
  /** Unix seconds the address was last heard of (the addr `time` field). */
  lastSeen: number;
  /** Unix milliseconds of our last dial attempt and last successful handshake (0 = never). */
  lastTry: number;
  lastSuccess: number;
  attempts: number;
  source: AddressSource;
}

export type AddressSource = 'addr' | 'dns' | 'config' | 'peer';

export const PEERS_FILE = 'peers.json';
/** Don't re-dial an address that just failed for this long (Core's addrman: 10 minutes). */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Addresses we may dial: learnt from addr messages, DNS seeds, configuration and peers that
 * connected to us. Bounded (oldest-seen evicted) and persisted in `<dataDir>/peers.json`.
 */
export class AddressBook {
  private readonly entries = new Map<string, AddressEntry>();
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly dataDir: string | undefined,
    private readonly capacity = ADDRESS_BOOK_CAPACITY,
    private readonly logger: P2PLogger = silentLogger,
  ) {
    if (dataDir) this.load(path.join(dataDir, PEERS_FILE));
  }

  get size(): number {
    return this.entries.size;
  }

  has(endpoint: Endpoint): boolean {
    return this.entries.has(endpointKey(endpoint));
  }

  /** Adds or refreshes an address; returns whether it was new. */
  add(endpoint: Endpoint & { services?: bigint; time?: number }, source: AddressSource): boolean {
    const key = endpointKey(endpoint);
    const lastSeen = endpoint.time ?? Math.floor(Date.now() / 1000);
    const existing = this.entries.get(key);
    this.dirty = true;
    if (existing) {
      existing.lastSeen = Math.max(existing.lastSeen, lastSeen);
      if (endpoint.services !== undefined) existing.services = endpoint.services.toString();
      return false;
    }
    this.entries.set(key, {
      host: endpoint.host,
      port: endpoint.port,
      services: (endpoint.services ?? 0n).toString(),
      lastSeen,
      lastTry: 0,
      lastSuccess: 0,
      attempts: 0,
      source,
    });
    if (this.entries.size > this.capacity) this.evictOldest();
    return true;
  }

  markAttempt(endpoint: Endpoint): void {
    const e = this.entries.get(endpointKey(endpoint));
    if (!e) return;
    e.lastTry = Date.now();
    e.attempts += 1;
    this.dirty = true;
  }

  markSuccess(endpoint: Endpoint): void {
    const e = this.entries.get(endpointKey(endpoint));
    if (!e) return;
    e.lastSuccess = Date.now();
    e.lastSeen = Math.floor(Date.now() / 1000);
    e.attempts = 0;
    this.dirty = true;
  }

  /**
   * An address to dial: not excluded, not tried in the last minute, preferring ones that worked
   * before, then the most recently seen (a simplification of addrman's tried/new tables).
   */
  select(exclude: (entry: AddressEntry) => boolean): AddressEntry | undefined {
    const now = Date.now();
    let best: AddressEntry | undefined;
    for (const e of this.entries.values()) {
      if (exclude(e) || now - e.lastTry < RETRY_AFTER_FAILURE_MS * Math.min(e.attempts, 10)) continue;
      if (!best || rank(e) > rank(best)) best = e;
    }
    return best;
  }

  /** Core's getaddr answer: a random MAX_PCT of what we know (but `exclude`), at most `max`. */
  sample(max: number, percent: number, exclude: (e: AddressEntry) => boolean = () => false): AddressEntry[] {
    const all = [...this.entries.values()].filter((e) => !exclude(e));
    const n = Math.min(max, Math.ceil((all.length * percent) / 100));
    for (let k = all.length - 1; k > 0; k--) {
      const j = Math.floor(Math.random() * (k + 1));
      [all[k], all[j]] = [all[j], all[k]];
    }
    return all.slice(0, n);
  }

  list(): AddressEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  /** Writes peers.json if anything changed since the last save. */
  save(): Promise<void> {
    if (!this.dataDir || !this.dirty) return this.saving;
    this.dirty = false;
    const file = path.join(this.dataDir, PEERS_FILE);
    const snapshot = this.list();
    this.saving = this.saving
      .then(() => writeJsonFile(file, snapshot))
      .catch((error: Error) => this.logger.error({ err: error.message, file }, 'could not save the address book'));
    return this.saving;
  }

  private evictOldest(): void {
    let oldest: AddressEntry | undefined;
    for (const e of this.entries.values()) if (!oldest || e.lastSeen < oldest.lastSeen) oldest = e;
    if (oldest) this.entries.delete(endpointKey(oldest));
  }

  private load(file: string): void {
    const data = readJsonFile(file);
    if (!Array.isArray(data)) return;
    for (const e of data.slice(0, this.capacity) as AddressEntry[]) {
      if (typeof e?.host !== 'string' || !Number.isInteger(e.port)) continue;
      this.entries.set(endpointKey(e), {
        host: e.host,
        port: e.port,
        services: String(e.services ?? '0'),
        lastSeen: Number(e.lastSeen) || 0,
        lastTry: Number(e.lastTry) || 0,
        lastSuccess: Number(e.lastSuccess) || 0,
        attempts: Number(e.attempts) || 0,
        source: e.source ?? 'addr',
      });
    }
  }
}

function rank(e: AddressEntry): number {
  return (e.lastSuccess > 0 ? 1e13 : 0) + e.lastSeen;
}
