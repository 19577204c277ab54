// The resources kubesvc serves: one row per resource, with the facts discovery, routing, storage
// keys, field selectors and tables are derived from. Short names, categories, scopes and
// subresources are upstream's, so `kubectl api-resources` reads the same as on a real cluster.

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface SubresourceInfo {
  readonly name: 'status' | 'scale' | 'log' | 'binding' | 'finalize' | 'exec' | 'attach' | 'portforward';
  /** The body the subresource reads and answers with; for a stream, the kind of its options. */
  readonly kind: GroupVersionKind;
  readonly verbs: readonly string[];
  /**
   * A stream the node serves (upstream's Connecter: exec, attach, portforward). GET and POST open
   * it, the options travel in the query, and no object is read or written: so the kind has no
   * OpenAPI body schema.
   */
  readonly connect?: true;
}

export interface ResourceInfo extends GroupVersionKind {
  /** Plural, lower case: the URL segment (`pods`). */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  readonly subresources: readonly SubresourceInfo[];
  /** Fields a field selector may name besides metadata.name (and metadata.namespace). */
  readonly selectableFields: readonly string[];
  /**
   * A review (upstream's SelfSubjectAccessReview and kin): create is its only verb, and a create
   * evaluates the body against the caller and answers it. Nothing is stored, so it has no
   * storage prefix, no registry, no list kind and no item paths.
   */
  readonly review?: true;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const STATUS_VERBS = ['get', 'patch', 'update'] as const;
/** A stream opens with GET (WebSocket) or POST (SPDY); discovery calls those get and create. */
const CONNECT_VERBS = ['create', 'get'] as const;

function gvk(group: string, version: string, kind: string): GroupVersionKind {
  return { group, version, kind };
}

function resource(
  group: string,
  version: string,
  kind: string,
  plural: string,
  options: {
    namespaced: boolean;
    shortNames?: string[];
    categories?: string[];
    subresources?: Array<SubresourceInfo['name']>;
    selectableFields?: string[];
    verbs?: readonly string[];
    review?: true;
  },
): ResourceInfo {
  const self = gvk(group, version, kind);
  return {
    ...self,
    resource: plural,
    singular: kind.toLowerCase(),
    namespaced: options.namespaced,
    shortNames: options.shortNames ?? [],
    categories: options.categories ?? [],
    verbs: options.verbs ?? ALL_VERBS,
    subresources: (options.subresources ?? []).map((name): SubresourceInfo => {
      switch (name) {
        case 'scale':
          return { name, kind: gvk('autoscaling', 'v1', 'Scale'), verbs: STATUS_VERBS };
        case 'log':
          return { name, kind: self, verbs: ['get'] };
        case 'binding':
          return { name, kind: gvk('', 'v1', 'Binding'), verbs: ['create'] };
        case 'finalize':
          return { name, kind: self, verbs: ['update'] };
        case 'status':
          return { name, kind: self, verbs: STATUS_VERBS };
        case 'exec':
          return { name, kind: gvk('', 'v1', 'PodExecOptions'), verbs: CONNECT_VERBS, connect: true };
        case 'attach':
          return { name, kind: gvk('', 'v1', 'PodAttachOptions'), verbs: CONNECT_VERBS, connect: true };
        case 'portforward':
          return { name, kind: gvk('', 'v1', 'PodPortForwardOptions'), verbs: CONNECT_VERBS, connect: true };
      }
    }),
    selectableFields: options.selectableFields ?? [],
    ...(options.review ? { review: true as const } : {}),
  };
}

/** A review resource: cluster-scoped, create only (see ResourceInfo.review). */
function review(group: string, kind: string, plural: string): ResourceInfo {
  return resource(group, 'v1', kind, plural, { namespaced: false, verbs: ['create'], review: true });
}

export const RESOURCES: readonly ResourceInfo[] = [
  resource('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status', 'finalize'],
    selectableFields: ['status.phase'],
    // Upstream's namespace storage has no DeleteCollection: namespaces go one by one.
    verbs: ALL_VERBS.filter((verb) => verb !== 'deletecollection'),
  }),
  resource('', 'v1', 'Pod', 'pods', {
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    // In upstream's discovery order (alphabetical); eviction, ephemeralcontainers and proxy are not served.
    subresources: ['attach', 'binding', 'exec', 'log', 'portforward', 'status'],
    selectableFields: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ],
  }),
  resource('', 'v1', 'Service', 'services', {
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    selectableFields: ['spec.clusterIP', 'spec.type'],
  }),
  resource('', 'v1', 'Endpoints', 'endpoints', { namespaced: true, shortNames: ['ep'] }),
  resource('', 'v1', 'Node', 'nodes', {
    namespaced: false,
    shortNames: ['no'],
    subresources: ['status'],
    selectableFields: ['spec.unschedulable'],
  }),
  resource('', 'v1', 'Event', 'events', {
    namespaced: true,
    shortNames: ['ev'],
    selectableFields: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  resource('', 'v1', 'ConfigMap', 'configmaps', { namespaced: true, shortNames: ['cm'] }),
  resource('', 'v1', 'Secret', 'secrets', { namespaced: true, selectableFields: ['type'] }),
  resource('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', { namespaced: true }),
  resource('apps', 'v1', 'ReplicaSet', 'replicasets', {
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
    selectableFields: ['status.replicas'],
  }),
  resource('apps', 'v1', 'Deployment', 'deployments', {
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  }),
  resource('coordination.k8s.io', 'v1', 'Lease', 'leases', { namespaced: true }),
  // What `kubectl auth whoami` and `kubectl auth can-i` ask; every authenticated user may.
  review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews'),
  review('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews'),
  review('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews'),
];

/** The resources whose objects live in the store (every one but the reviews). */
export const STORED_RESOURCES: readonly ResourceInfo[] = RESOURCES.filter((r) => !r.review);

/** The API groups in discovery order (core first, then by name as upstream lists them). */
export const GROUP_VERSIONS: ReadonlyArray<{ group: string; version: string }> = [
  { group: '', version: 'v1' },
  { group: 'apps', version: 'v1' },
  { group: 'authentication.k8s.io', version: 'v1' },
  { group: 'authorization.k8s.io', version: 'v1' },
  { group: 'coordination.k8s.io', version: 'v1' },
  { group: 'discovery.k8s.io', version: 'v1' },
];

const byGroupResource = new Map(RESOURCES.map((r) => [`${r.group}/${r.resource}`, r]));

export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  const info = byGroupResource.get(`${group}/${plural}`);
  return info && info.version === version ? info : undefined;
}

export function resourcesOf(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}

/** `apps/v1` or `v1` for the core group. */
export function apiVersionOf(info: GroupVersionKind): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}
