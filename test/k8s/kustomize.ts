/**
 * A deliberately small kustomize renderer for the manifest tests, so they run where no kubectl
 * is installed. It implements only what k8s/ uses — resources (files and directories),
 * configMapGenerator (files, without name hashes), labels, namespace, images and
 * strategic-merge patches — and throws on any other kustomization field, so a kustomization that
 * outgrows it fails loudly instead of rendering something kubectl would not.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

import * as yaml from 'js-yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Resource extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string; namespace?: string; labels?: Record<string, string> };
}

interface LabelsEntry {
  pairs: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
}

interface ConfigMapGeneratorEntry {
  name: string;
  files: string[];
  options?: { disableNameSuffixHash?: boolean; labels?: Record<string, string> };
}

interface ImageEntry {
  name: string;
  newName?: string;
  newTag?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: LabelsEntry[];
  configMapGenerator?: ConfigMapGeneratorEntry[];
  images?: ImageEntry[];
  patches?: { path: string }[];
}

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'configMapGenerator', 'images', 'patches']);
const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'PersistentVolume']);
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export class KustomizeError extends Error {
  override name = 'KustomizeError';
}

/** Renders the kustomization in `dir` to the list of resources `kubectl kustomize dir` prints. */
export function renderKustomization(dir: string): Resource[] {
  const kustomization = yaml.load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const unsupported = Object.keys(kustomization).filter((field) => !SUPPORTED_FIELDS.has(field));
  if (unsupported.length > 0) throw new KustomizeError(`${dir}: unsupported kustomization fields ${unsupported.join(', ')}`);

  const resources = (kustomization.resources ?? []).flatMap((entry) => loadResource(resolve(dir, entry)));
  resources.push(...(kustomization.configMapGenerator ?? []).map((entry) => generateConfigMap(dir, entry)));
  for (const patch of kustomization.patches ?? []) applyPatch(resources, loadYaml(resolve(dir, patch.path))[0]!);
  if (kustomization.namespace !== undefined) setNamespace(resources, kustomization.namespace);
  for (const entry of kustomization.labels ?? []) addLabels(resources, entry);
  for (const image of kustomization.images ?? []) setImage(resources, image);
  return resources;
}

function loadResource(path: string): Resource[] {
  return statSync(path).isDirectory() ? renderKustomization(path) : loadYaml(path);
}

function loadYaml(path: string): Resource[] {
  return yaml.loadAll(readFileSync(path, 'utf8')).filter((doc) => doc !== null && doc !== undefined) as Resource[];
}

function generateConfigMap(dir: string, entry: ConfigMapGeneratorEntry): Resource {
  // Kustomize appends a content hash to generated names unless disabled; computing that hash is
  // out of scope, so only unhashed generators are accepted.
  if (entry.options?.disableNameSuffixHash !== true) throw new KustomizeError(`configMapGenerator ${entry.name}: only disableNameSuffixHash: true is supported`);
  const data: Record<string, string> = {};
  for (const file of entry.files) {
    const [key, path] = file.includes('=') ? file.split('=', 2) as [string, string] : [basename(file), file];
    data[key] = readFileSync(resolve(dir, path), 'utf8');
  }
  const metadata: Resource['metadata'] = { name: entry.name };
  if (entry.options.labels) metadata.labels = { ...entry.options.labels };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

function setNamespace(resources: Resource[], namespace: string): void {
  for (const resource of resources) if (!CLUSTER_SCOPED_KINDS.has(resource.kind)) resource.metadata.namespace = namespace;
}

function addLabels(resources: Resource[], entry: LabelsEntry): void {
  if (entry.includeSelectors) throw new KustomizeError('labels: includeSelectors is not supported');
  for (const resource of resources) {
    resource.metadata.labels = { ...resource.metadata.labels, ...entry.pairs };
    if (!entry.includeTemplates || !WORKLOAD_KINDS.has(resource.kind)) continue;
    const spec = resource.spec as JsonObject;
    const templates = [spec.template, ...((spec.volumeClaimTemplates as Json[] | undefined) ?? [])] as JsonObject[];
    for (const template of templates) {
      const metadata = (template.metadata ??= {}) as JsonObject;
      metadata.labels = { ...(metadata.labels as JsonObject | undefined), ...entry.pairs };
    }
  }
}

function setImage(resources: Resource[], image: ImageEntry): void {
  for (const container of podContainers(resources)) {
    const current = container.image as string;
    const name = current.replace(/[:@].*$/, '');
    if (name !== image.name) continue;
    const tag = image.newTag ?? current.slice(name.length + 1);
    container.image = `${image.newName ?? name}${tag ? `:${tag}` : ''}`;
  }
}

/** The containers and init containers of every workload's pod template. */
export function podContainers(resources: Resource[]): JsonObject[] {
  return resources
    .filter((resource) => WORKLOAD_KINDS.has(resource.kind))
    .flatMap((resource) => {
      const podSpec = ((resource.spec as JsonObject).template as JsonObject).spec as JsonObject;
      return [...((podSpec.containers as JsonObject[] | undefined) ?? []), ...((podSpec.initContainers as JsonObject[] | undefined) ?? [])];
    });
}

function applyPatch(resources: Resource[], patch: Resource): void {
  const target = resources.find((r) => r.kind === patch.kind && r.metadata.name === patch.metadata.name);
  if (!target) throw new KustomizeError(`patch targets ${patch.kind}/${patch.metadata.name}, which is not among the resources`);
  strategicMerge(target, patch);
}

/**
 * Strategic merge as the patches in k8s/ need it: maps merge recursively, `null` deletes a key,
 * lists of objects that all carry a `name` (containers, env, volumes, ports) merge by name, other
 * lists are replaced.
 */
function strategicMerge(target: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new KustomizeError(`patch directive ${key} is not supported`);
    const current = target[key];
    if (value === null) delete target[key];
    else if (isObject(value) && isObject(current)) strategicMerge(current, value);
    else if (Array.isArray(value) && Array.isArray(current) && isNamedList(value) && isNamedList(current)) mergeByName(current, value);
    else target[key] = structuredClone(value);
  }
}

function mergeByName(current: JsonObject[], patch: JsonObject[]): void {
  for (const item of patch) {
    const existing = current.find((entry) => entry.name === item.name);
    if (existing) strategicMerge(existing, item);
    else current.push(structuredClone(item));
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNamedList(list: Json[]): list is JsonObject[] {
  return list.every((item) => isObject(item) && typeof item.name === 'string');
}
