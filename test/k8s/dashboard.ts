/**
 * The Grafana dashboard (k8s/grafana/mbc-dashboard.json) as data: its PromQL expressions, the
 * metric selectors inside them, and the substitutions that turn Grafana variables into plain
 * PromQL for a Prometheus query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DASHBOARD_PATH = join(__dirname, '..', '..', 'k8s', 'grafana', 'mbc-dashboard.json');

export interface DashboardTarget {
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
}

interface Panel {
  type: string;
  title: string;
  panels?: Panel[];
  targets?: { refId: string; expr: string }[];
}

export interface Dashboard {
  schemaVersion: number;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; definition?: string }[] };
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
}

/** Every query of every panel, rows' nested panels included. */
export function dashboardTargets(dashboard: Dashboard): DashboardTarget[] {
  const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  return panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, refId: target.refId, expr: target.expr })));
}

export interface MetricSelector {
  readonly metric: string;
  readonly matchers: string;
}

const SELECTOR = /([A-Za-z_:][\w:]*)\{([^}]*)\}/g;

/** The `metric{matchers}` selectors of an expression. */
export function metricSelectors(expr: string): MetricSelector[] {
  return [...expr.matchAll(SELECTOR)].map((match) => ({ metric: match[1]!, matchers: match[2]! }));
}

/**
 * Identifiers left once selectors, string literals and `by (…)` groupings are removed: only
 * PromQL functions and keywords should remain. Anything else is a metric used without the
 * namespace/pod selectors.
 */
export function bareIdentifiers(expr: string): string[] {
  const rest = expr
    .replace(SELECTOR, ' ')
    .replace(/"(?:[^"\\]|\\.)*"/g, ' ')
    .replace(/\b(?:by|without)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  return [...rest.matchAll(/[A-Za-z_:][\w:]*/g)].map((match) => match[0]);
}

/** Grafana variables → PromQL: every namespace and pod, and a fixed rate window. */
export function toPromQL(expr: string, rateInterval = '30s'): string {
  return expr.replaceAll('$namespace', '.*').replaceAll('$pod', '.*').replaceAll('$__rate_interval', rateInterval);
}
