/**
 * The Grafana dashboard: well-formed for Grafana ~10/11 (schemaVersion 39), every query scoped
 * by the namespace/pod variables and using only series the node really exports — taken from the
 * node's own metrics registry, not from a copied list.
 */
import { createMetricsRegistry } from '../../apps/node/src/metrics/node-metrics';
import { bareIdentifiers, dashboardTargets, loadDashboard, metricSelectors } from './dashboard';

const PROMQL_WORDS = new Set(['sum', 'rate', 'increase', 'histogram_quantile', 'avg', 'max', 'min', 'count', 'by', 'without', 'or', 'and', 'unless', 'on', 'ignoring']);
const HISTOGRAM_SERIES = ['_bucket', '_sum', '_count'];

async function exportedSeries(): Promise<{ names: Set<string>; mbcMetrics: string[] }> {
  const { registry } = createMetricsRegistry();
  const metrics = await registry.getMetricsAsJSON();
  const names = new Set(metrics.flatMap((metric) => (String(metric.type) === 'histogram' ? HISTOGRAM_SERIES.map((suffix) => metric.name + suffix) : [metric.name])));
  return { names, mbcMetrics: metrics.map((metric) => metric.name).filter((name) => name.startsWith('mbc_')) };
}

describe('Grafana dashboard k8s/grafana/mbc-dashboard.json', () => {
  const dashboard = loadDashboard();
  const targets = dashboardTargets(dashboard);

  it('declares a Prometheus datasource variable and namespace/pod variables from mbc_chain_height', () => {
    expect(dashboard.schemaVersion).toBe(39);
    const variables = Object.fromEntries(dashboard.templating.list.map((variable) => [variable.name, variable]));
    expect(variables.datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(variables.namespace).toMatchObject({ type: 'query', definition: 'label_values(mbc_chain_height, namespace)' });
    expect(variables.pod).toMatchObject({ type: 'query', definition: 'label_values(mbc_chain_height{namespace=~"$namespace"}, pod)' });
  });

  it('gives every panel a unique id and the ${datasource} variable', () => {
    const panels = dashboard.panels as unknown as { id: number; type: string; datasource?: { uid: string } }[];
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    for (const panel of panels.filter((p) => p.type !== 'row')) expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(targets.length).toBeGreaterThan(20);
  });

  it('queries only series the node exports, each scoped by $namespace and $pod', async () => {
    const { names } = await exportedSeries();
    for (const { panel, expr } of targets) {
      const selectors = metricSelectors(expr);
      expect({ panel, selectors: selectors.length > 0 }).toEqual({ panel, selectors: true });
      for (const { metric, matchers } of selectors) {
        expect({ panel, metric, known: names.has(metric) }).toEqual({ panel, metric, known: true });
        expect({ panel, matchers }).toEqual({ panel, matchers: expect.stringContaining('namespace=~"$namespace", pod=~"$pod"') });
      }
      expect({ panel, bare: bareIdentifiers(expr).filter((word) => !PROMQL_WORDS.has(word)) }).toEqual({ panel, bare: [] });
    }
  });

  it('charts every mbc_* metric the node exports', async () => {
    const { mbcMetrics } = await exportedSeries();
    const used = new Set(targets.flatMap(({ expr }) => metricSelectors(expr).map(({ metric }) => metric.replace(/_(bucket|sum|count)$/, ''))));
    expect(mbcMetrics.filter((name) => !used.has(name))).toEqual([]);
  });

  it('catches an unscoped or unknown metric (the checks above can fail)', () => {
    expect(bareIdentifiers('sum(rate(mbc_reorgs_total[5m]))')).toContain('mbc_reorgs_total');
    expect(metricSelectors('rate(mbc_nope_total{namespace=~"$namespace"}[1m])')).toEqual([{ metric: 'mbc_nope_total', matchers: 'namespace=~"$namespace"' }]);
  });
});
