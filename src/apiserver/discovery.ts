// Discovery documents, derived from the resource table: aggregated discovery
// (apidiscovery.k8s.io/v2, what kubectl asks for first) and the legacy APIVersions /
// APIGroupList / APIGroup / APIResourceList forms, so either kind of client finds the same
// resources. Pure; built once at startup.
import { GROUP_VERSIONS, apiVersionOf, resourcesOf, type ResourceInfo } from '../api/resources.ts';

/** The Kubernetes version kubesvc speaks; kubectl warns beyond one minor of skew. */
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kubesvc',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-24T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'kubesvc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

function aggregatedResource(r: ResourceInfo) {
  return {
    resource: r.resource,
    singularResource: r.singular,
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    verbs: [...r.verbs],
    ...(r.shortNames.length ? { shortNames: [...r.shortNames] } : {}),
    ...(r.categories.length ? { categories: [...r.categories] } : {}),
    ...(r.subresources.length
      ? {
          subresources: r.subresources.map((s) => ({
            subresource: s.name,
            responseKind: { ...s.kind },
            verbs: [...s.verbs],
          })),
        }
      : {}),
  };
}

function aggregatedGroup(group: string) {
  const versions = GROUP_VERSIONS.filter((gv) => gv.group === group).map((gv) => ({
    version: gv.version,
    resources: resourcesOf(gv.group, gv.version).map(aggregatedResource),
    freshness: 'Current',
  }));
  return { metadata: { name: group }, versions };
}

/** `/api` (core only) or `/apis` (every named group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(legacy: boolean) {
  const groups = legacy ? [''] : [...new Set(GROUP_VERSIONS.map((gv) => gv.group).filter((g) => g !== ''))];
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(aggregatedGroup),
  };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string) {
  const versions = GROUP_VERSIONS.filter((gv) => gv.group === group).map((gv) => ({
    groupVersion: `${gv.group}/${gv.version}`,
    version: gv.version,
  }));
  return { name: group, versions, preferredVersion: versions[0] };
}

export function apiGroupList() {
  const groups = [...new Set(GROUP_VERSIONS.map((gv) => gv.group).filter((g) => g !== ''))];
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup) };
}

/** `/apis/<group>`, or undefined for a group kubesvc does not serve. */
export function apiGroupDocument(group: string) {
  if (!GROUP_VERSIONS.some((gv) => gv.group === group && group !== '')) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) };
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined when not served. */
export function apiResourceList(group: string, version: string) {
  if (!GROUP_VERSIONS.some((gv) => gv.group === group && gv.version === version)) return undefined;
  const resources = resourcesOf(group, version).flatMap((r) => [
    {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
      ...(r.shortNames.length ? { shortNames: [...r.shortNames] } : {}),
      ...(r.categories.length ? { categories: [...r.categories] } : {}),
    },
    ...r.subresources.map((s) => ({
      name: `${r.resource}/${s.name}`,
      singularName: '',
      namespaced: r.namespaced,
      ...(s.kind.group !== r.group || s.kind.version !== r.version ? { group: s.kind.group, version: s.kind.version } : {}),
      kind: s.kind.kind,
      verbs: [...s.verbs],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version, kind: '' }), resources };
}
