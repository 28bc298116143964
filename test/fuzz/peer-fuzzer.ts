// Drives a running node's P2P port with random, validly framed (and some broken) messages after a
// handshake. The node may disconnect or ban the fuzzer, never crash, and must stay responsive.
import * as fc from 'fast-check';

import { Attacker } from '../adversary/attacker';
import type { NodeHandle } from '../harness';
import { mutatedFrame, randomPayloadFrame, validFrame } from './arbitraries';

export interface PeerFuzzOptions {
  readonly numRuns: number;
  readonly seed?: number;
  /** Check the node answers a fresh peer and its API this often (runs). */
  readonly probeEvery?: number;
}

export interface PeerFuzzReport {
  readonly runs: number;
  readonly framesSent: number;
  /** Connections the node closed (misbehaviour, bans). */
  readonly connectionsClosed: number;
}

const batch = fc.array(
  fc.oneof({ weight: 8, arbitrary: validFrame }, { weight: 3, arbitrary: randomPayloadFrame }, { weight: 1, arbitrary: mutatedFrame }),
  { minLength: 1, maxLength: 10 },
);

/** Loopback source addresses 127.1.x.y: the node bans fuzzers one address at a time. */
function* sourceHosts(): Generator<string> {
  for (let x = 0; x < 256; x++) for (let y = 1; y < 255; y++) yield `127.1.${x}.${y}`;
}

/** A fresh peer completes the handshake and a ping, and the REST API answers: the node is responsive. */
export async function assertResponsive(node: NodeHandle, host: string): Promise<void> {
  if (!node.running) throw new Error(`${node.name} is not running`);
  const probe = await Attacker.connect({ host: '127.0.0.1', port: node.p2pPort, localAddress: host });
  try {
    await probe.handshake();
    await probe.ping();
  } finally {
    probe.destroy();
  }
  const live = await node.rest('/health/live');
  if (live.status !== 200) throw new Error(`/health/live answered ${live.status}`);
}

export async function fuzzPeerHandler(node: NodeHandle, options: PeerFuzzOptions): Promise<PeerFuzzReport> {
  const hosts = sourceHosts();
  const nextHost = () => {
    const next = hosts.next();
    if (next.done) throw new Error('out of fuzzer source addresses');
    return next.value;
  };
  const probeEvery = options.probeEvery ?? 200;
  let attacker: Attacker | undefined;
  let runs = 0;
  let framesSent = 0;
  let connectionsClosed = 0;

  const connection = async (): Promise<Attacker> => {
    if (attacker?.open) return attacker;
    if (attacker) connectionsClosed++;
    attacker = await Attacker.connect({ host: '127.0.0.1', port: node.p2pPort, localAddress: nextHost() });
    await attacker.handshake();
    return attacker;
  };

  try {
    await fc.assert(
      fc.asyncProperty(batch, async (frames) => {
        const peer = await connection();
        for (const frame of frames) {
          if (!peer.open) break;
          await peer.sendRaw(frame);
          framesSent++;
        }
        runs++;
        if (!node.running) throw new Error(`${node.name} died after ${runs} runs`);
        if (runs % probeEvery === 0) await assertResponsive(node, nextHost());
      }),
      { numRuns: options.numRuns, seed: options.seed, endOnFailure: true },
    );
    await assertResponsive(node, nextHost());
  } finally {
    attacker?.destroy();
  }
  return { runs, framesSent, connectionsClosed };
}
