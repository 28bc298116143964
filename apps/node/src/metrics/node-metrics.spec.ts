import { execFileSync } from 'node:child_process';

import { createMetricsRegistry } from './node-metrics';

describe('createMetricsRegistry', () => {
  it('keeps its metrics private and drops the _total-named default gauges', async () => {
    const { registry, metrics } = createMetricsRegistry();
    metrics.handshakes.inc({ outcome: 'success' });
    const text = await registry.metrics();
    expect(text).toContain('mbc_handshakes_total{outcome="success"} 1');
    expect(text).toContain('nodejs_active_handles{');
    expect(text).not.toMatch(/^nodejs_active_\w+_total/m);
    // Two registries side by side (two nodes in one process) must not collide.
    expect(() => createMetricsRegistry()).not.toThrow();
  });

  it('passes promtool check metrics when promtool is installed', async () => {
    const { registry } = createMetricsRegistry();
    let promtool = '';
    try {
      promtool = execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim();
    } catch {
      return; // promtool is an optional system tool; the name checks above still ran.
    }
    const text = await registry.metrics();
    expect(() => execFileSync(promtool, ['check', 'metrics'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow();
  });
});
