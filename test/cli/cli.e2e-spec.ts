// The operator CLI (dist/apps/cli/src/main.js) against real node processes over gRPC: output,
// --json shapes and exit codes. Needs `npm run build` first.
import { NodeHandle, freePort, generate, getChain, startNode, waitFor } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { CliResult, mbc, mbcInProcess, spawnCli } from './cli-process';

const TOKEN = 'cli-e2e-token-0123456789';
const HASH = /^[0-9a-f]{64}$/;

/** Exit codes the CLI documents (apps/cli/src/errors.ts ExitCode). */
const EXIT = { ok: 0, usage: 2, unreachable: 3, unauthenticated: 4, notFound: 5 };

function expectExit(result: CliResult, code: number): void {
  if (result.code !== code) throw new Error(`expected exit ${code}, got ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
}

function json<T>(result: CliResult): T {
  expectExit(result, EXIT.ok);
  return JSON.parse(result.stdout) as T;
}

describe('mbc CLI against a running node', () => {
  const track = destroyAfterAll();
  let guarded: NodeHandle; // started with --api-token
  let open: NodeHandle; // no token: a peer to dial
  let cli: (args: readonly string[]) => Promise<CliResult>;

  beforeAll(async () => {
    [guarded, open] = await Promise.all([
      startNode({ name: 'cli-guarded', apiToken: TOKEN, logLevel: 'warn' }).then(track),
      startNode({ name: 'cli-open', logLevel: 'warn' }).then(track),
    ]);
    // Address and token from the environment, as an operator's shell would set them.
    cli = (args) => mbcInProcess(args, { MBC_CLI_ADDRESS: guarded.grpcAddress, MBC_API_TOKEN: TOKEN });
  });

  it('shows chain info as a table and as JSON', async () => {
    const [table, asJson] = await Promise.all([cli(['chain']), cli(['chain', '--json'])]);
    expectExit(table, EXIT.ok);
    expect(table.stdout).toMatch(/^network\s+regtest$/m);
    expect(table.stdout).toMatch(/^best hash\s+[0-9a-f]{64}$/m);
    const info = json<{ network: string; height: number; bestHash: string; headersHeight: number; peers: { inbound: number } }>(asJson);
    expect(info).toMatchObject({ network: 'regtest', height: (await getChain(guarded)).height });
    expect(info.bestHash).toMatch(HASH);
    expect(info.peers.inbound).toBe(0);
  });

  it('generates blocks, then shows them through block and headers', async () => {
    const hashes = json<string[]>(await cli(['generate', '2', '--json']));
    expect(hashes).toHaveLength(2);
    const { height } = await getChain(guarded);
    const [byHeight, byHash, headers] = await Promise.all([
      cli(['block', String(height), '--json']),
      cli(['block', hashes[1]]),
      cli(['headers', '--from', String(height - 1), '--count', '5', '--json']),
    ]);
    const block = json<{ header: { hash: string; height: number }; txids: string[]; confirmations: number }>(byHeight);
    expect(block.header).toMatchObject({ hash: hashes[1], height });
    expect(block.txids).toHaveLength(1); // the coinbase
    expect(block.confirmations).toBe(1);
    expectExit(byHash, EXIT.ok);
    expect(byHash.stdout).toMatch(new RegExp(`^height\\s+${height}$`, 'm'));
    expect(json<{ hash: string; height: number }[]>(headers).map((h) => [h.height, h.hash])).toEqual([
      [height - 1, hashes[0]],
      [height, hashes[1]],
    ]);
  });

  it('sends a data transaction and finds it in the mempool and by txid', async () => {
    const { txid } = json<{ txid: string }>(await cli(['tx', 'send', '--text', 'hello from the CLI', '--json']));
    expect(txid).toMatch(HASH);
    const [mempool, tx, mempoolTable] = await Promise.all([cli(['mempool', '--json']), cli(['tx', 'get', txid, '--json']), cli(['mempool'])]);
    expect(json<{ txids: string[]; size: number }>(mempool).txids).toContain(txid);
    const info = json<{ txid: string; inMempool: boolean; hex: string }>(tx);
    expect(info).toMatchObject({ txid, inMempool: true });
    expect(info.hex).toContain(Buffer.from('hello from the CLI').toString('hex'));
    expect(mempoolTable.stdout).toContain(txid);
  });

  it('adds, lists and drops a peer', async () => {
    const added = json<{ id: number; address: string; direction: string }>(await cli(['peers', 'add', open.p2pAddress, '--json']));
    expect(added).toMatchObject({ address: open.p2pAddress, direction: 'outbound' });
    const listed = json<{ id: number; address: string }[]>(await cli(['peers', 'list', '--json']));
    expect(listed.map((p) => p.id)).toContain(added.id);
    const table = await cli(['peers', 'list']);
    expect(table.stdout).toMatch(new RegExp(`^\\s*${added.id}\\s+${open.p2pAddress.replace(/\./g, '\\.')}\\s+outbound`, 'm'));
    const dropped = await cli(['peers', 'drop', String(added.id)]);
    expectExit(dropped, EXIT.ok);
    expect(dropped.stdout).toContain(`disconnected peer ${added.id}`);
    await waitFor(async () => !json<{ id: number }[]>(await cli(['peers', 'list', '--json'])).some((p) => p.id === added.id), {
      describe: 'the dropped peer to leave the list',
    });
  });

  it('adds, lists and removes a ban', async () => {
    const ban = json<{ address: string; bannedUntilMs: string; createdAtMs: string }>(await cli(['bans', 'add', '10.9.8.7', '--duration', '60', '--json']));
    expect(ban.address).toBe('10.9.8.7');
    expect(Number(ban.bannedUntilMs) - Number(ban.createdAtMs)).toBe(60_000);
    expect(json<{ address: string }[]>(await cli(['bans', 'list', '--json'])).map((b) => b.address)).toContain('10.9.8.7');
    expectExit(await cli(['bans', 'remove', '10.9.8.7']), EXIT.ok);
    expect(json<{ address: string }[]>(await cli(['bans', 'list', '--json'])).map((b) => b.address)).not.toContain('10.9.8.7');
  });

  it('follows events with watch, one JSON line per event', async () => {
    const watch = spawnCli('main', ['watch', '--json', '--type', 'blockConnected', '--count', '1', '--address', guarded.grpcAddress, '--token', TOKEN]);
    // The subscription is live once a block mined after it shows up: mine until one does.
    await waitFor(
      async () => {
        if (watch.stdout || watch.child.exitCode !== null) return true; // An early exit is reported below.
        await generate(guarded, 1);
        return watch.stdout.length > 0;
      },
      { timeoutMs: 30_000, intervalMs: 300, describe: 'watch to print a blockConnected event' },
    );
    const result = await watch.exited;
    expectExit(result, EXIT.ok);
    const [line] = result.stdout.trim().split('\n');
    const event = JSON.parse(line) as { type: string; timeMs: number; data: { hash: string; height: number } };
    expect(event.type).toBe('blockConnected');
    expect(event.data.hash).toMatch(HASH);
    expect(event.data.height).toBeGreaterThanOrEqual(1);
  });

  describe('errors and exit codes', () => {
    it('exits 3 naming the address when no node listens there', async () => {
      const address = `127.0.0.1:${await freePort()}`;
      const result = await mbc(['chain', '--address', address, '--timeout', '5']);
      expectExit(result, EXIT.unreachable);
      expect(result.stderr).toContain(`cannot reach node at ${address}`);
    });

    it('exits 4 on a wrong or missing token', async () => {
      const [wrong, missing] = await Promise.all([
        mbc(['chain', '--address', guarded.grpcAddress, '--token', 'not-the-right-token']),
        mbc(['peers', 'list', '--address', guarded.grpcAddress]),
      ]);
      for (const result of [wrong, missing]) {
        expectExit(result, EXIT.unauthenticated);
        expect(result.stderr).toMatch(/authentication failed/);
      }
    });

    it('exits 2 naming the argument on invalid input, without calling the node', async () => {
      const results = await Promise.all([
        cli(['block', 'not-a-hash']),
        cli(['tx', 'get', 'abc']),
        cli(['generate', '0']),
        cli(['headers', '--count', '2001']),
        cli(['bans', 'add', '999.1.1.1']),
        cli(['peers', 'add', 'localhost']),
      ]);
      const named = ['<hash|height>', '<txid>', '<n>', '--count', '<ip>', '<host:port>'];
      results.forEach((result, i) => {
        expectExit(result, EXIT.usage);
        expect(result.stderr).toContain(`invalid ${named[i]}`);
      });
    });

    it('exits 2 with the node message when the node rejects an argument', async () => {
      const result = await cli(['tx', 'send', '--hex', '00']);
      expectExit(result, EXIT.usage);
      expect(result.stderr).toMatch(/^mbc: invalid argument: .+/);
    });

    it('exits 5 for what the node does not have', async () => {
      const results = await Promise.all([cli(['tx', 'get', 'ab'.repeat(32)]), cli(['block', '99999']), cli(['peers', 'drop', '4000000'])]);
      for (const result of results) {
        expectExit(result, EXIT.notFound);
        expect(result.stderr).toMatch(/^mbc: not found: /);
      }
    });

    it('prints usage and exits 2 on usage errors, 0 on --help', async () => {
      const [none, unknown, extra, flag, both, help, commandHelp] = await Promise.all([
        mbc([]),
        mbcInProcess(['frobnicate']),
        mbcInProcess(['peers', 'list', 'extra']),
        mbcInProcess(['chain', '--no-such-flag']),
        mbcInProcess(['tx', 'send', '--text', 'a', '--hex', '00']),
        mbc(['--help']),
        mbcInProcess(['bans', 'add', '--help']),
      ]);
      for (const result of [none, unknown, extra, flag, both]) expectExit(result, EXIT.usage);
      expect(none.stderr).toContain('Usage: mbc');
      expect(unknown.stderr).toContain('unknown command "frobnicate"');
      expect(extra.stderr).toContain('Usage: mbc peers list');
      expect(flag.stderr).toContain('--no-such-flag');
      expect(both.stderr).toContain('exactly one of --text or --hex');
      expectExit(help, EXIT.ok);
      expect(help.stdout).toMatch(/^\s+watch\s/m);
      expectExit(commandHelp, EXIT.ok);
      expect(commandHelp.stdout).toContain('--duration <seconds>');
    });
  });
});
