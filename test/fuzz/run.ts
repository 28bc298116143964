// `npm run fuzz`: the fuzz properties at soak size (≥100,000 cases each by default: decoder properties and peer-message batches) against the
// built code. Usage: node dist/test/fuzz/run.js [--runs N] [--peer-runs N] [--seed S]
import { parseArgs } from 'node:util';

import { startNode } from '../harness';
import { checkDecoderNeverThrows, checkDecoderRoundTrip } from './decoder-properties';
import { fuzzPeerHandler } from './peer-fuzzer';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '100000' }, 'peer-runs': { type: 'string', default: '100000' }, seed: { type: 'string' } },
  });
  const runs = Number(values.runs);
  const peerRuns = Number(values['peer-runs']);
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  console.log(`fuzz seed ${seed} (replay with --seed ${seed})`);

  const timed = async (name: string, work: () => unknown) => {
    const started = Date.now();
    await work();
    console.log(`${name}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  await timed(`decoder never throws (${runs} cases)`, () => checkDecoderNeverThrows({ numRuns: runs, seed }));
  await timed(`decoder round trip (${runs} cases)`, () => checkDecoderRoundTrip({ numRuns: runs, seed }));
  const node = await startNode({ name: 'fuzz-target' });
  try {
    await timed(`peer handler (${peerRuns} batches)`, async () => console.log(JSON.stringify(await fuzzPeerHandler(node, { numRuns: peerRuns, seed }))));
  } finally {
    await node.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
