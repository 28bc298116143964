/**
 * The Kubernetes manifests in k8s/, rendered as `kubectl kustomize` would (without kubectl),
 * validated against the API schemas with unknown fields rejected, and cross-checked against each
 * other and against the node's real settings table and config loader.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import * as yaml from 'js-yaml';

import { NETWORKS } from '@mbc/chain';

import { parseDurationMs } from '../../apps/node/src/config/coerce';
import { loadConfig } from '../../apps/node/src/config/load-config';
import { SETTING_KEYS, envName } from '../../apps/node/src/config/settings';
import { JsonObject, Resource, renderKustomization } from './kustomize';
import { containerEnv } from './pod-env';
import { resourceId, schemaErrors, typeErrors } from './schema-check';

const K8S_DIR = join(__dirname, '..', '..', 'k8s');
const BASE_DIR = join(K8S_DIR, 'base');
const LOCAL_DIR = join(K8S_DIR, 'overlays', 'local');
/** Regtest's default P2P port: DNS-seeded peers are dialled on it. */
const REGTEST_PORT = NETWORKS.regtest!.defaultPort;
const KNOWN_ENV = new Set(SETTING_KEYS.map(envName));
const POD_IP = '10.244.1.7';
const TOKEN = 'a-test-token-of-32-characters-xx';

type Labels = Record<string, string>;

const find = (resources: Resource[], kind: string, name?: string): Resource[] =>
  resources.filter((resource) => resource.kind === kind && (name === undefined || resource.metadata.name === name));

function only(resources: Resource[], kind: string, name?: string): Resource {
  const found = find(resources, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
  return found[0]!;
}

const matches = (selector: Labels, labels: Labels | undefined): boolean =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels?.[key] === value);

interface NodeSet {
  resources: Resource[];
  statefulSet: Resource;
  spec: JsonObject;
  podLabels: Labels;
  podSpec: JsonObject;
  container: JsonObject;
  config: Record<string, string>;
  env: Record<string, string>;
}

function nodeSet(resources: Resource[]): NodeSet {
  const statefulSet = only(resources, 'StatefulSet', 'mbc-node');
  const spec = statefulSet.spec as JsonObject;
  const template = spec.template as JsonObject;
  const podSpec = template.spec as JsonObject;
  const container = (podSpec.containers as JsonObject[])[0]!;
  const config = only(resources, 'ConfigMap', 'mbc-node-config').data as Record<string, string>;
  const env = containerEnv(container, {
    configMaps: { 'mbc-node-config': config },
    secrets: { 'mbc-api-token': { token: TOKEN } },
    fields: { 'status.podIP': POD_IP, 'metadata.namespace': 'mbc' },
  });
  return { resources, statefulSet, spec, podLabels: (template.metadata as { labels: Labels }).labels, podSpec, container, config, env };
}

const containerPorts = (container: JsonObject): { name: string; containerPort: number }[] => container.ports as never;

describe.each([
  ['base', BASE_DIR],
  ['overlays/local', LOCAL_DIR],
])('k8s/%s', (_name, dir) => {
  const resources = renderKustomization(dir);
  const set = nodeSet(resources);

  it('holds the node set, its Services, policies, monitoring and dashboard', () => {
    expect(resources.map(resourceId).sort()).toEqual(
      expect.arrayContaining([
        'ConfigMap/mbc-grafana-dashboard',
        'ConfigMap/mbc-node-config',
        'NetworkPolicy/mbc-node',
        'PodDisruptionBudget/mbc-node',
        'Service/mbc-node-api',
        'Service/mbc-node-p2p',
        'ServiceMonitor/mbc-node',
        'StatefulSet/mbc-node',
      ]),
    );
    expect(new Set(resources.map(resourceId)).size).toBe(resources.length);
  });

  it('validates against the Kubernetes schemas', () => {
    expect(schemaErrors(resources)).toEqual([]);
  });

  it('has no unknown or misspelled fields and correct types (TypeScript excess-property check)', () => {
    expect(typeErrors(resources)).toEqual([]);
  });

  it('labels every resource with app.kubernetes.io/* labels', () => {
    for (const resource of resources) {
      expect(resource.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': expect.any(String),
        'app.kubernetes.io/part-of': 'miniblockchain',
        // The overlay's own Namespace is outside the base, whose labels transformer adds this.
        ...(resource.kind === 'Namespace' ? {} : { 'app.kubernetes.io/managed-by': 'kustomize' }),
      });
    }
    expect(set.podLabels).toMatchObject({ 'app.kubernetes.io/name': 'mbc-node', 'app.kubernetes.io/part-of': 'miniblockchain' });
  });

  it('runs the StatefulSet as a parallel set governed by the headless P2P Service', () => {
    const headless = only(resources, 'Service', set.spec.serviceName as string);
    const service = headless.spec as JsonObject;
    expect(service.clusterIP).toBe('None');
    expect(service.publishNotReadyAddresses).toBe(true);
    expect(set.spec.podManagementPolicy).toBe('Parallel');
    expect(set.spec.replicas).toBe(3);
    expect(matches((set.spec.selector as { matchLabels: Labels }).matchLabels, set.podLabels)).toBe(true);
  });

  it('keeps chain data on a per-pod volume claim at the node data dir', () => {
    const claims = (set.spec.volumeClaimTemplates as { metadata: { name: string }; spec: JsonObject }[]).map((claim) => claim.metadata.name);
    const dataMount = (set.container.volumeMounts as { name: string; mountPath: string }[]).find((mount) => mount.mountPath === set.env.MBC_DATA_DIR);
    expect(set.env.MBC_DATA_DIR).toBe('/data');
    expect(dataMount).toBeDefined();
    expect(claims).toContain(dataMount!.name);
  });

  it('runs as uid 10001, non-root, read-only root filesystem, no privilege escalation, no capabilities', () => {
    expect(set.podSpec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
    expect(set.container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const tmp = (set.container.volumeMounts as { name: string; mountPath: string }[]).find((mount) => mount.mountPath === '/tmp');
    const volume = (set.podSpec.volumes as JsonObject[]).find((entry) => entry.name === tmp?.name);
    expect(volume?.emptyDir).toBeDefined();
  });

  it('sets requests and limits for cpu and memory', () => {
    expect(set.container.resources).toMatchObject({
      requests: { cpu: expect.anything(), memory: expect.anything() },
      limits: { cpu: expect.anything(), memory: expect.anything() },
    });
  });

  it('probes /health/live (startup, liveness) and /health/ready (readiness) on the REST port', () => {
    const restPort = containerPorts(set.container).find((port) => port.containerPort === Number(set.env.MBC_REST_PORT));
    const probe = (name: string) => (set.container[name] as { httpGet: { path: string; port: string | number } }).httpGet;
    expect(probe('startupProbe')).toEqual({ path: '/health/live', port: restPort?.name });
    expect(probe('livenessProbe')).toEqual({ path: '/health/live', port: restPort?.name });
    expect(probe('readinessProbe')).toEqual({ path: '/health/ready', port: restPort?.name });
  });

  it('gives the node longer than its shutdown timeout to stop before SIGKILL', () => {
    const shutdownMs = parseDurationMs(set.env.MBC_SHUTDOWN_TIMEOUT ?? '10s');
    expect(shutdownMs).toBeGreaterThan(0);
    expect((set.podSpec.terminationGracePeriodSeconds as number) * 1000).toBeGreaterThanOrEqual(shutdownMs + 10_000);
  });

  it('spreads replicas across machines', () => {
    const spread = set.podSpec.topologySpreadConstraints as { topologyKey: string; labelSelector: { matchLabels: Labels } }[];
    expect(spread.map((constraint) => constraint.topologyKey)).toContain('kubernetes.io/hostname');
    for (const constraint of spread) expect(matches(constraint.labelSelector.matchLabels, set.podLabels)).toBe(true);
  });

  it('uses only MBC_* variables that exist in the node settings table', () => {
    const names = [...Object.keys(set.config), ...(set.container.env as { name: string }[]).map((entry) => entry.name)];
    const mbcNames = names.filter((name) => name.startsWith('MBC_'));
    expect(Object.keys(set.config).filter((name) => !name.startsWith('MBC_'))).toEqual([]);
    expect(mbcNames.filter((name) => !KNOWN_ENV.has(name))).toEqual([]);
    // Service links would inject MBC_NODE_…_PORT style variables beside the node's own.
    expect(set.podSpec.enableServiceLinks).toBe(false);
  });

  it('resolves every $(VAR) reference and derives the advertised address and DNS seed', () => {
    const headless = set.spec.serviceName as string;
    expect(Object.entries(set.env).filter(([, value]) => value.includes('$('))).toEqual([]);
    expect(set.env.MBC_ADVERTISE).toBe(`${POD_IP}:${set.env.MBC_P2P_PORT}`);
    expect(set.env.MBC_DNS_SEED).toBe(`${headless}.mbc.svc.cluster.local`);
  });

  it('takes the API token from a required Secret', () => {
    const token = (set.container.env as JsonObject[]).find((entry) => entry.name === 'MBC_API_TOKEN');
    expect(token?.valueFrom).toEqual({ secretKeyRef: { name: 'mbc-api-token', key: 'token', optional: false } });
  });

  it('is a configuration the node itself accepts', () => {
    const result = loadConfig({ argv: [], env: set.env, defaultP2pPort: (network) => NETWORKS[network]?.defaultPort });
    expect(result.kind).toBe('config');
    if (result.kind !== 'config') return;
    expect(result.config).toMatchObject({ network: 'regtest', p2pPort: REGTEST_PORT, restHost: '0.0.0.0', grpcHost: '0.0.0.0', advertise: `${POD_IP}:${REGTEST_PORT}` });
  });

  it('exposes container ports equal to the configured P2P, REST and gRPC ports', () => {
    const byName = Object.fromEntries(containerPorts(set.container).map((port) => [port.name, port.containerPort]));
    expect(byName).toEqual({ p2p: Number(set.env.MBC_P2P_PORT), rest: Number(set.env.MBC_REST_PORT), grpc: Number(set.env.MBC_GRPC_PORT) });
    // DNS seeds yield addresses without ports: peers dial the network's default port.
    expect(byName.p2p).toBe(REGTEST_PORT);
  });

  it('selects the node pods from every Service and targets ports the container exposes', () => {
    const names = new Set(containerPorts(set.container).map((port) => port.name));
    for (const service of find(resources, 'Service')) {
      const spec = service.spec as { selector: Labels; ports: { name: string; targetPort: string }[] };
      expect(matches(spec.selector, set.podLabels)).toBe(true);
      for (const port of spec.ports) expect(names).toContain(port.targetPort);
    }
    const api = only(resources, 'Service', 'mbc-node-api').spec as { ports: { name: string }[] };
    expect(api.ports.map((port) => port.name).sort()).toEqual(['grpc', 'rest']);
  });

  it('scrapes /metrics on the REST port (ServiceMonitor and pod annotations)', () => {
    const monitor = only(resources, 'ServiceMonitor', 'mbc-node').spec as { selector: { matchLabels: Labels }; endpoints: { port: string; path: string }[] };
    const selected = find(resources, 'Service').filter((service) => matches(monitor.selector.matchLabels, service.metadata.labels));
    expect(selected.map(resourceId)).toEqual(['Service/mbc-node-api']);
    const servicePorts = (selected[0]!.spec as { ports: { name: string; targetPort: string }[] }).ports;
    for (const endpoint of monitor.endpoints) {
      expect(endpoint.path).toBe('/metrics');
      expect(servicePorts.find((port) => port.name === endpoint.port)?.targetPort).toBe('rest');
    }
    const annotations = (set.spec.template as { metadata: { annotations: Labels } }).metadata.annotations;
    expect(annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': set.env.MBC_REST_PORT, 'prometheus.io/path': '/metrics' });
  });

  it('limits voluntary disruptions to one node pod at a time', () => {
    const pdb = only(resources, 'PodDisruptionBudget').spec as { selector: { matchLabels: Labels }; maxUnavailable?: number; minAvailable?: number };
    expect(matches(pdb.selector.matchLabels, set.podLabels)).toBe(true);
    if (pdb.maxUnavailable !== undefined) expect(pdb.maxUnavailable).toBe(1);
    else expect(pdb.minAvailable).toBe((set.spec.replicas as number) - 1);
  });

  it('admits P2P from nodes, admin APIs from admin clients and metrics from monitoring only', () => {
    const policy = only(resources, 'NetworkPolicy').spec as {
      podSelector: { matchLabels: Labels };
      policyTypes: string[];
      ingress: { from?: JsonObject[]; ports: { port: string }[] }[];
    };
    expect(matches(policy.podSelector.matchLabels, set.podLabels)).toBe(true);
    expect(policy.policyTypes).toContain('Ingress');
    const rules = policy.ingress.map((rule) => ({ from: rule.from ?? [], ports: rule.ports.map((port) => port.port).sort() }));
    // A rule without `from` admits every source.
    for (const rule of rules) expect(rule.from.length).toBeGreaterThan(0);
    const portNames = new Set(containerPorts(set.container).map((port) => port.name));
    for (const rule of rules) for (const port of rule.ports) expect(portNames).toContain(port);
    expect(rules).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mbc-node' } } }], ports: ['p2p'] },
      { from: [{ podSelector: { matchLabels: { 'mbc.io/admin-client': 'true' } } }], ports: ['grpc', 'rest'] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: ['rest'] },
    ]);
  });

  it('ships the Grafana dashboard as a ConfigMap for the Grafana sidecar', () => {
    const dashboard = only(resources, 'ConfigMap', 'mbc-grafana-dashboard');
    expect(dashboard.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    const json = (dashboard.data as Record<string, string>)['mbc-dashboard.json']!;
    expect(json).toBe(readFileSync(join(K8S_DIR, 'grafana', 'mbc-dashboard.json'), 'utf8'));
    expect(JSON.parse(json)).toMatchObject({ uid: 'mbc-nodes', schemaVersion: expect.any(Number) });
  });
});

describe('k8s/overlays/local', () => {
  const base = renderKustomization(BASE_DIR);
  const local = renderKustomization(LOCAL_DIR);

  it('enforces the restricted Pod Security Standard the node pods are written to', () => {
    expect(only(local, 'Namespace').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(nodeSet(local).podSpec.securityContext).toMatchObject({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('pins the image and puts everything in its namespace', () => {
    const images = nodeSet(local).container.image as string;
    expect(images).toMatch(/^miniblockchain\/node:\d+\.\d+\.\d+$/);
    const namespace = only(local, 'Namespace').metadata.name;
    for (const resource of local.filter((r) => r.kind !== 'Namespace')) expect(resource.metadata.namespace).toBe(namespace);
  });

  it('patches only the image pull policy and resources of the StatefulSet', () => {
    const changed: string[] = [];
    for (const resource of local.filter((r) => r.kind !== 'Namespace')) {
      const counterpart = only(base, resource.kind, resource.metadata.name);
      const { namespace: _namespace, ...metadata } = resource.metadata;
      changed.push(...diffPaths({ ...resource, metadata }, counterpart, resourceId(resource)));
    }
    expect(changed.sort()).toEqual([
      'StatefulSet/mbc-node.spec.template.spec.containers.0.image',
      'StatefulSet/mbc-node.spec.template.spec.containers.0.imagePullPolicy',
      'StatefulSet/mbc-node.spec.template.spec.containers.0.resources.limits.cpu',
      'StatefulSet/mbc-node.spec.template.spec.containers.0.resources.limits.memory',
      'StatefulSet/mbc-node.spec.template.spec.containers.0.resources.requests.cpu',
      'StatefulSet/mbc-node.spec.template.spec.containers.0.resources.requests.memory',
    ]);
  });
});

describe('k8s layout and the schema checks themselves', () => {
  it('keeps one resource per file, named <component>-<kind>.yaml', () => {
    for (const dir of [BASE_DIR, LOCAL_DIR]) {
      const kustomization = yaml.load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
      for (const file of kustomization.resources.filter((entry) => entry.endsWith('.yaml'))) {
        const documents = yaml.loadAll(readFileSync(join(dir, file), 'utf8')) as Resource[];
        expect(documents).toHaveLength(1);
        expect(basename(file)).toMatch(new RegExp(`^[a-z0-9]+(-[a-z0-9]+)*-${documents[0]!.kind.toLowerCase()}\\.yaml$`));
      }
    }
  });

  it('reports misspelled fields, wrong enums and kinds it has no schema for', () => {
    const resources = structuredClone(renderKustomization(BASE_DIR));
    const statefulSet = only(resources, 'StatefulSet');
    const container = nodeSet(resources).container;
    container.readinesProbe = container.readinessProbe!;
    (statefulSet.spec as JsonObject).podManagementPolicy = 'Paralel';
    const monitor = only(resources, 'ServiceMonitor').spec as { endpoints: JsonObject[] };
    monitor.endpoints[0]!.intervall = '5s';
    expect(schemaErrors(resources)).toEqual([expect.stringContaining('podManagementPolicy')]);
    const errors = typeErrors(resources);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^StatefulSet\/mbc-node: .*readinesProbe/),
        expect.stringMatching(/^StatefulSet\/mbc-node: .*Paralel/),
        expect.stringMatching(/^ServiceMonitor\/mbc-node: .*intervall/),
      ]),
    );
    expect(() => schemaErrors([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }])).toThrow(/no schema known/);
  });
});

/** Dotted paths at which two JSON values differ. */
function diffPaths(a: unknown, b: unknown, path: string): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b) ? [] : [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => diffPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`));
}
