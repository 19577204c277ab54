// The kinds the garbage collector follows: every kind kubesvc serves, each with the clientset
// field that reads and writes it. An ownerReference is resolved by group and kind (any version),
// as upstream's REST mapper does.

/** Clientset fields of the resources the garbage collector watches (a subset of ResourceName). */
export type GcResource =
  | 'namespaces'
  | 'nodes'
  | 'pods'
  | 'services'
  | 'endpoints'
  | 'endpointSlices'
  | 'events'
  | 'configMaps'
  | 'secrets'
  | 'replicaSets'
  | 'deployments'
  | 'leases';

export interface GcKind {
  readonly resource: GcResource;
  readonly group: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly namespaced: boolean;
}

export const GC_KINDS: readonly GcKind[] = [
  { resource: 'namespaces', group: '', kind: 'Namespace', apiVersion: 'v1', namespaced: false },
  { resource: 'nodes', group: '', kind: 'Node', apiVersion: 'v1', namespaced: false },
  { resource: 'pods', group: '', kind: 'Pod', apiVersion: 'v1', namespaced: true },
  { resource: 'services', group: '', kind: 'Service', apiVersion: 'v1', namespaced: true },
  { resource: 'endpoints', group: '', kind: 'Endpoints', apiVersion: 'v1', namespaced: true },
  { resource: 'endpointSlices', group: 'discovery.k8s.io', kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', namespaced: true },
  { resource: 'events', group: '', kind: 'Event', apiVersion: 'v1', namespaced: true },
  { resource: 'configMaps', group: '', kind: 'ConfigMap', apiVersion: 'v1', namespaced: true },
  { resource: 'secrets', group: '', kind: 'Secret', apiVersion: 'v1', namespaced: true },
  { resource: 'replicaSets', group: 'apps', kind: 'ReplicaSet', apiVersion: 'apps/v1', namespaced: true },
  { resource: 'deployments', group: 'apps', kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true },
  { resource: 'leases', group: 'coordination.k8s.io', kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', namespaced: true },
];

/** "apps/v1" → "apps"; "v1" → "" (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

const byGroupKind = new Map(GC_KINDS.map((k) => [`${k.group}/${k.kind}`, k]));
const byResource = new Map(GC_KINDS.map((k) => [k.resource, k]));

/** The kind an ownerReference names, or undefined when kubesvc does not serve it. */
export function kindOf(apiVersion: string, kind: string): GcKind | undefined {
  return byGroupKind.get(`${groupOf(apiVersion)}/${kind}`);
}

export function kindOfResource(resource: GcResource): GcKind {
  return byResource.get(resource) as GcKind;
}
