// A bare node:http server answering fixed JSON bodies shaped like the node's: the baseline the
// node's REST API is compared with. Run as its own process so it gets a core of its own, like the
// node. GET /v1/headers answers 2,000 headers (~600 KB, like the node's full page), anything else
// the chain summary.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const HEADERS_PER_PAGE = 2000;
const randomHash = () => randomBytes(32).toString('hex');

const chainBody = JSON.stringify({
  network: 'regtest',
  height: 2000,
  bestHash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
  headersHeight: 2000,
  chainWork: 'fa2',
  syncProgress: 1,
  mempoolSize: 0,
  mempoolBytes: 0,
  peers: { inbound: 0, outbound: 0 },
});

// Built once, sent as a Buffer: the node's header pages are cached serialized too.
const headersBody = Buffer.from(
  JSON.stringify(
    Array.from({ length: HEADERS_PER_PAGE }, (_, i) => ({
      hash: randomHash(),
      height: i + 1,
      version: 0x20000000,
      previousHash: randomHash(),
      merkleRoot: randomHash(),
      time: 1_296_688_602 + i,
      bits: 0x207fffff,
      nonce: i,
      chainWork: (2 * (i + 2)).toString(16),
    })),
  ),
);

const server = createServer((req, res) => {
  const body = req.url?.startsWith('/v1/headers') ? headersBody : chainBody;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
