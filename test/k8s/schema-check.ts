/**
 * Checks rendered manifests against the Kubernetes API types. kubernetes-models' `validate()`
 * catches wrong types, bad enums and missing required fields but ignores unknown fields, which
 * the API server drops silently (a misspelled `readinessProbe` is simply no probe). So each
 * resource is also written as a typed object literal and type-checked with the TypeScript
 * compiler against kubernetes-models' declarations: excess-property checks reject every unknown
 * or misspelled field, at any depth.
 */
import { join } from 'node:path';

import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import ts from 'typescript';

import type { Resource } from './kustomize';

interface KindModel {
  /** Module and interface the resource literal is typed with. */
  readonly module: string;
  readonly type: string;
  /** Runtime schema validation; absent for CRDs without a model. */
  readonly validate?: (resource: Resource) => void;
}

const model = (module: string, type: string, Model?: new (data: never) => { validate(): void }): KindModel => ({
  module,
  type,
  validate: Model ? (resource) => new Model(resource as never).validate() : undefined,
});

const MODELS: Record<string, KindModel> = {
  'v1/ConfigMap': model('kubernetes-models/v1/ConfigMap', 'IConfigMap', ConfigMap),
  'v1/Namespace': model('kubernetes-models/v1/Namespace', 'INamespace', Namespace),
  'v1/Service': model('kubernetes-models/v1/Service', 'IService', Service),
  'apps/v1/StatefulSet': model('kubernetes-models/apps/v1/StatefulSet', 'IStatefulSet', StatefulSet),
  'networking.k8s.io/v1/NetworkPolicy': model('kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy', NetworkPolicy),
  'policy/v1/PodDisruptionBudget': model('kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget', PodDisruptionBudget),
  'monitoring.coreos.com/v1/ServiceMonitor': model('./service-monitor', 'ServiceMonitor'),
};

export const resourceId = (resource: Resource): string => `${resource.kind}/${resource.metadata.name}`;

function modelOf(resource: Resource): KindModel {
  const found = MODELS[`${resource.apiVersion}/${resource.kind}`];
  if (!found) throw new Error(`${resourceId(resource)}: no schema known for ${resource.apiVersion} ${resource.kind}`);
  return found;
}

/** Runs kubernetes-models' schema validation; returns one message per invalid resource. */
export function schemaErrors(resources: Resource[]): string[] {
  return resources.flatMap((resource) => {
    const { validate } = modelOf(resource);
    try {
      validate?.(resource);
      return [];
    } catch (error) {
      return [`${resourceId(resource)}: ${(error as Error).message}`];
    }
  });
}

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  // ES5's lib has every type the model declarations use; the default (with the DOM) is 10× larger.
  lib: ['lib.es5.d.ts'],
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
};

/** Declaration files parsed once per process: each check only re-parses the rendered manifests. */
const parsedDeclarations = new Map<string, ts.SourceFile>();

/** Type-checks every resource as a literal of its API type; returns the compiler's complaints. */
export function typeErrors(resources: Resource[]): string[] {
  const source = resources
    .map((resource, index) => {
      const { module, type } = modelOf(resource);
      return `import type { ${type} as T${index} } from '${module}';\nexport const r${index}: T${index} = ${JSON.stringify(resource)};`;
    })
    .join('\n');
  // A virtual file beside this one, so './service-monitor' and node_modules resolve as usual.
  const fileName = join(__dirname, '__rendered-manifests__.ts');
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => name === fileName || fileExists(name);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  host.getSourceFile = (name, language, ...rest) => {
    if (name === fileName) return ts.createSourceFile(name, source, language);
    let parsed = parsedDeclarations.get(name);
    if (!parsed) {
      parsed = getSourceFile(name, language, ...rest);
      if (parsed) parsedDeclarations.set(name, parsed);
    }
    return parsed;
  };
  const program = ts.createProgram([fileName], COMPILER_OPTIONS, host);
  const sourceFile = program.getSourceFile(fileName)!;
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((diagnostic) => {
    const line = diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line;
    const owner = resources[Math.floor(line / 2)];
    return `${owner ? resourceId(owner) : '?'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}
