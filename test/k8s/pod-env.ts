/**
 * The environment a container actually gets, computed as the kubelet does: variables from
 * `envFrom` ConfigMaps first, then `env` entries in order, each value expanding `$(NAME)`
 * references to variables defined before it. An unresolvable reference stays verbatim — which is
 * how a typo in a manifest silently reaches the process, and what the tests look for.
 */
import type { JsonObject } from './kustomize';

export interface PodEnvSources {
  readonly configMaps: Record<string, Record<string, string>>;
  readonly secrets: Record<string, Record<string, string>>;
  /** Values of `fieldRef.fieldPath`s such as status.podIP. */
  readonly fields: Record<string, string>;
}

export function containerEnv(container: JsonObject, sources: PodEnvSources): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of (container.envFrom as JsonObject[] | undefined) ?? []) {
    const name = (from.configMapRef as { name: string } | undefined)?.name;
    if (name === undefined) throw new Error('only configMapRef envFrom sources are modelled');
    Object.assign(env, lookup(sources.configMaps, name, 'ConfigMap'));
  }
  for (const entry of (container.env as JsonObject[] | undefined) ?? []) {
    env[entry.name as string] = valueOf(entry, env, sources);
  }
  return env;
}

function valueOf(entry: JsonObject, env: Record<string, string>, sources: PodEnvSources): string {
  if (typeof entry.value === 'string') return entry.value.replace(/\$\(([A-Za-z_][\w]*)\)/g, (ref, name: string) => env[name] ?? ref);
  const from = entry.valueFrom as JsonObject;
  if (from.fieldRef) {
    const path = (from.fieldRef as { fieldPath: string }).fieldPath;
    const value = sources.fields[path];
    if (value === undefined) throw new Error(`no value modelled for fieldRef ${path}`);
    return value;
  }
  if (from.secretKeyRef) {
    const { name, key } = from.secretKeyRef as { name: string; key: string };
    const value = lookup(sources.secrets, name, 'Secret')[key];
    if (value === undefined) throw new Error(`Secret ${name} has no key ${key}`);
    return value;
  }
  throw new Error(`unmodelled valueFrom in env ${String(entry.name)}`);
}

function lookup(objects: Record<string, Record<string, string>>, name: string, kind: string): Record<string, string> {
  const found = objects[name];
  if (!found) throw new Error(`${kind} ${name} is referenced but not provided`);
  return found;
}
