// CI-sized fuzz (a few thousand cases); `npm run fuzz` runs the same properties at ≥100,000.
import { startNode } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { checkDecoderNeverThrows, checkDecoderRoundTrip } from './decoder-properties';
import { fuzzPeerHandler } from './peer-fuzzer';

describe('FrameDecoder fuzz', () => {
  it('never throws on arbitrary bytes and chunkings; events are typed; nothing after a fatal error', () => {
    checkDecoderNeverThrows({ numRuns: 2_000 });
  });

  it('decodes valid frames in any chunking and re-encodes them byte for byte', () => {
    checkDecoderRoundTrip({ numRuns: 1_000 });
  });
});

describe('peer message handler fuzz (real node process)', () => {
  const track = destroyAfterAll();

  it('1,000 random message batches after a handshake: the node never crashes and stays responsive', async () => {
    const node = track(await startNode({ name: 'fuzz-target' }));
    const report = await fuzzPeerHandler(node, { numRuns: 1_000, probeEvery: 250 });
    console.log(`peer fuzz: ${JSON.stringify(report)}`);
    expect(report.runs).toBe(1_000);
    expect(node.running).toBe(true);
  }, 120_000);
});
