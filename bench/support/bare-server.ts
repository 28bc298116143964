// A bare node:http server answering one fixed JSON body: the baseline the node's REST API is
// compared with. Run as its own process so it gets a core of its own, like the node.
import { createServer } from 'node:http';

const body = JSON.stringify({
  network: 'regtest',
  height: 2000,
  bestHash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
  headersHeight: 2000,
  chainWork: '0fa2',
  syncProgress: 1,
  mempoolSize: 0,
  mempoolBytes: 0,
  peers: { inbound: 0, outbound: 0 },
});

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
