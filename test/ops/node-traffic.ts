/**
 * Traffic that makes every dashboard panel of a small network carry data: blocks mined and
 * relayed, transactions accepted and rejected, REST and gRPC calls that succeed and fail, a
 * manual ban, and a peer that sends a block with a bad merkle root (misbehaviour, ban, block
 * rejected). Labelled counters only appear once a label value has been seen, so each reason the
 * dashboard breaks down by needs its event.
 */
import { ServiceError, status } from '@grpc/grpc-js';

import { Hash256, blockHash } from '@mbc/wire';

import { Attacker } from '../adversary/attacker';
import { badMerkleRootBlock } from '../adversary/forge';
import { createNodeClient } from '../api/support/grpc-client';
import { NodeHandle, addBan, generate, getChain, listBans, restRequest, sendData, waitFor, waitForSameTip } from '../harness';

/** The source address of the misbehaving peer: distinct from 127.0.0.1, which honest nodes use. */
export const ATTACKER_HOST = '127.0.0.50';
export const MANUALLY_BANNED = '127.0.0.99';

/** One unary NodeService call; resolves with its gRPC status code. */
export async function grpcStatus(node: NodeHandle, method: string, request: object, token?: string): Promise<status> {
  const client = createNodeClient(Number(node.grpcAddress.split(':').pop()));
  try {
    await client.call(method, request, token);
    return status.OK;
  } catch (error) {
    return (error as ServiceError).code;
  } finally {
    client.close();
  }
}

/** Status codes of the gRPC calls made, for the spec to check. */
export interface GrpcOutcomes {
  readonly authorized: status;
  readonly withoutToken: status;
  readonly unknownBlock: status;
}

export async function driveTraffic(nodes: readonly NodeHandle[], token: string): Promise<GrpcOutcomes> {
  const [miner] = nodes;
  if (!miner) throw new Error('no nodes');
  await generate(miner, 3);
  await waitForSameTip(nodes, 30_000, 3);

  const txid = await sendData(miner, 'hi');
  // The same raw transaction again: rejected as already in the mempool.
  const { body: sent } = await miner.rest<{ hex: string }>(`/v1/transactions/${txid}`);
  const duplicate = await miner.rest('/v1/transactions', { body: { hex: sent.hex } });
  if (duplicate.status < 400) throw new Error(`a duplicate transaction was accepted (HTTP ${duplicate.status})`);
  // Client errors: an invalid body (400) and a call without the token (401).
  await miner.rest('/v1/transactions', { body: { data: 42 } });
  await restRequest(miner.restUrl, '/v1/peers');
  const grpc: GrpcOutcomes = {
    authorized: await grpcStatus(miner, 'getChainInfo', {}, token),
    withoutToken: await grpcStatus(miner, 'getChainInfo', {}),
    // Passes the token check and fails in the handler: a non-OK code the metrics record.
    unknownBlock: await grpcStatus(miner, 'getBlock', { hashOrHeight: '99999' }, token),
  };

  await addBan(miner, MANUALLY_BANNED);
  await sendBadMerkleBlock(miner);
  await waitFor(async () => (await listBans(miner)).some((ban) => ban.address.startsWith(ATTACKER_HOST)), {
    timeoutMs: 10_000,
    describe: `${miner.name} to ban the peer that sent a bad block`,
  });
  return grpc;
}

async function sendBadMerkleBlock(node: NodeHandle): Promise<void> {
  const attacker = await Attacker.connect({ host: '127.0.0.1', port: node.p2pPort, localAddress: ATTACKER_HOST });
  try {
    await attacker.handshake();
    const chain = await getChain(node);
    const block = badMerkleRootBlock(Hash256.fromHex(chain.bestHash), chain.height + 1);
    await attacker.send({ command: 'block', block });
    if (!(await attacker.waitClosed())) throw new Error(`${node.name} kept the peer that sent block ${blockHash(block.header).toHex()}`);
  } finally {
    attacker.destroy();
  }
}
