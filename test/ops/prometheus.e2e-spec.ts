/**
 * Monitoring end to end: three real node processes, a real Prometheus scraping them with the
 * labels Kubernetes service discovery would attach (namespace, pod), and every query of the
 * Grafana dashboard answered with data. Needs `npm run build` and scripts/install-prometheus.sh.
 */
import { status } from '@grpc/grpc-js';

import { Network, startNetwork, waitFor } from '../harness';
import { destroyAfterAll } from '../harness/jest-cleanup';
import { dashboardTargets, loadDashboard, toPromQL } from '../k8s/dashboard';
import { GrpcOutcomes, driveTraffic } from './node-traffic';
import { PrometheusServer, checkMetrics } from './prometheus';

const NAMESPACE = 'mbc-e2e';
const TOKEN = 'prometheus-e2e-token-0123456789';

describe('Prometheus scraping three nodes', () => {
  const track = destroyAfterAll();
  let network: Network;
  let prometheus: PrometheusServer;
  let grpc: GrpcOutcomes;

  beforeAll(async () => {
    network = track(await startNetwork(3, 'full', { node: () => ({ apiToken: TOKEN }) }));
    const targets = network.nodes.map((node) => ({ address: new URL(node.restUrl).host, labels: { namespace: NAMESPACE, pod: node.name } }));
    // Prometheus takes seconds to come up: start it while the traffic runs.
    const started = PrometheusServer.start({ targets }).then(track);
    [grpc, prometheus] = await Promise.all([driveTraffic(network.nodes, TOKEN), started]);
    await prometheus.waitForTargetsUp();
  }, 120_000);

  it('serves /metrics that promtool check metrics accepts', async () => {
    const response = await network.nodes[0]!.rest('/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toContain('mbc_chain_height');
    expect(checkMetrics(response.text)).toEqual({ exitCode: 0, problems: [] });
  });

  it('made gRPC calls that succeed, fail in the handler, and are refused without the token', () => {
    // The pods bind gRPC to 0.0.0.0: the token is the only thing keeping the admin API closed.
    expect({ ...grpc, unknownBlock: grpc.unknownBlock !== status.OK }).toEqual({ authorized: status.OK, withoutToken: status.UNAUTHENTICATED, unknownBlock: true });
  });

  it('finds the namespace and every pod through the dashboard variables metric', async () => {
    const series = await prometheus.query('count by (namespace, pod) (mbc_chain_height)');
    const found = series.map((sample) => `${sample.metric.namespace}/${sample.metric.pod}`).sort();
    expect(found).toEqual(network.nodes.map((node) => `${NAMESPACE}/${node.name}`).sort());
  });

  it('answers every dashboard query with data', async () => {
    const queries = dashboardTargets(loadDashboard()).map((target) => ({ ...target, promql: toPromQL(target.expr) }));
    let empty = queries;
    // rate()/increase() need two scrapes inside their window: poll until they have them.
    await waitFor(
      async () => {
        const results = await Promise.all(empty.map(async (query) => ({ query, samples: await prometheus.query(query.promql) })));
        // A histogram quantile over buckets that saw no new observation is NaN: still data.
        empty = results.filter((result) => result.samples.length === 0).map((result) => result.query);
        return empty.length === 0;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, describe: 'every dashboard query to return a series' },
    ).catch(() => undefined);
    expect(empty.map((query) => `${query.panel} [${query.refId}]: ${query.promql}`)).toEqual([]);
  });
});
