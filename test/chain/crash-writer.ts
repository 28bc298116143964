// Child process for crash.e2e-spec.ts: opens (or reopens) a LevelDB chain in the directory given
// as argv[2] and connects blocks forever, every few blocks through a one-block reorg, printing
// `connected <height> <hash>` once each block's store batch has returned. The parent SIGKILLs it
// at a random moment and checks the reopened store.
import { Chain, DEFAULT_PAYOUT_SCRIPT, LevelChainStore, Miner, ProofOfWork, createBlockTemplate, getNetwork, solveHeader, type ChainEntry } from '@mbc/chain';

/** Every REORG_EVERY blocks, a two-block branch from the tip's parent replaces the tip. */
const REORG_EVERY = 5;

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: crash-writer <dataDir>');
  const params = getNetwork('regtest');
  const chain = await Chain.open({ params, store: new LevelChainStore(dataDir) });
  const miner = new Miner({ chain });
  const pow = new ProofOfWork(params.powLimit);
  // Pipes to the parent are synchronous on Linux: a printed line is out before the next write starts.
  chain.events.on('blockConnected', ({ entry }) => process.stdout.write(`connected ${entry.height} ${entry.hash.toHex()}\n`));

  const mineOn = async (prev: ChainEntry) => {
    const template = createBlockTemplate({ params, prev, candidates: [], payoutScript: DEFAULT_PAYOUT_SCRIPT, nowSec: Math.floor(Date.now() / 1000) });
    const header = await solveHeader(template.header, pow);
    return chain.submitBlock({ header: header!, transactions: template.transactions });
  };

  for (let n = 1; ; n++) {
    if (n % REORG_EVERY === 0 && chain.tip.prev) {
      const first = await mineOn(chain.tip.prev);
      await mineOn(first.entry!);
    } else {
      await miner.mineBlock();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
