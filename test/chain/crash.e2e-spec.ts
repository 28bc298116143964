// Kills a block-writing child process with SIGKILL at random moments (twenty times, on one
// growing LevelDB store) and checks after each kill that the store reopens to a consistent chain
// holding every block the child reported as connected.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Chain, LevelChainStore, REGTEST } from '@mbc/chain';
import { Hash256, txid } from '@mbc/wire';

const WRITER = join(__dirname, '../../dist/test/chain/crash-writer.js');
const KILLS = 20;
const WRITER_DEADLINE_MS = 15_000;

interface Reported {
  height: number;
  hash: string;
}

/** Runs the writer until it has reported `lines` connected blocks, then SIGKILLs it. */
function runAndKill(dataDir: string, lines: number): Promise<Reported[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: Reported[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer reported ${reported.length}/${lines} blocks before the deadline; stderr: ${stderr}`));
    }, WRITER_DEADLINE_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        const [, height, hash] = line.split(' ');
        reported.push({ height: Number(height), hash });
      }
      if (!killed && reported.length >= lines) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`writer exited on its own (code ${code}); stderr: ${stderr}`));
    });
  });
}

async function checkConsistent(dataDir: string, reported: Reported[]): Promise<number> {
  const chain = await Chain.open({ params: REGTEST, store: new LevelChainStore(dataDir) });
  try {
    const maxReported = Math.max(0, ...reported.map((r) => r.height));
    expect(chain.height).toBeGreaterThanOrEqual(maxReported);
    for (const r of reported) {
      const entry = chain.getEntry(Hash256.fromHex(r.hash));
      expect(entry?.height).toBe(r.height);
      expect(entry?.hasBlock).toBe(true);
      const block = await chain.getBlock(Hash256.fromHex(r.hash));
      expect(block?.header.prevBlock.equals(entry!.prev!.hash)).toBe(true);
    }
    // The active chain links up from genesis, every block is stored, and the txid index holds
    // exactly the active chain's coinbases.
    for (let h = 1; h <= chain.height; h++) {
      const entry = chain.getEntryByHeight(h)!;
      expect(entry.prev).toBe(chain.getEntryByHeight(h - 1));
      expect(entry.hasBlock).toBe(true);
    }
    for (const r of reported) {
      const entry = chain.getEntry(Hash256.fromHex(r.hash))!;
      const coinbase = (await chain.getBlock(entry.hash))!.transactions[0];
      const found = await chain.findTransaction(txid(coinbase));
      if (chain.isOnActiveChain(entry)) expect(found?.entry).toBe(entry);
      else expect(found).toBeUndefined();
    }
    return chain.height;
  } finally {
    await chain.close();
  }
}

describe('chain store under SIGKILL', () => {
  let dataDir: string;

  beforeAll(() => {
    if (!existsSync(WRITER)) throw new Error(`${WRITER} is missing: run \`npm run build\` first`);
    dataDir = mkdtempSync(join(tmpdir(), 'mbc-'));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`reopens consistent with every reported block after ${KILLS} kills`, async () => {
    let height = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const reported = await runAndKill(dataDir, 1 + Math.floor(Math.random() * 40));
      expect(reported.length).toBeGreaterThan(0);
      const reopenedHeight = await checkConsistent(dataDir, reported);
      expect(reopenedHeight).toBeGreaterThanOrEqual(height);
      height = reopenedHeight;
    }
  });
});
