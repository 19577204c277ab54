// Objects every cluster has, created at startup through the registries (so they are validated
// and allocated like any other): the system namespaces, the `kubernetes` Service on the first
// address of the service range, and its Endpoints pointing at this API server (kept current if
// the server's address changes between runs, as upstream's endpoint reconciler does).
import { LABEL_SERVICE_NAME } from '../api/discovery/v1/endpointslice.ts';
import type { KubeObject } from '../api/meta/v1.ts';
import { ApiError } from './http/api-error.ts';
import type { ResourceEndpoint } from './handlers/resource-handler.ts';
import type { GenericRegistry } from './registry/generic-registry.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface BootstrapTarget {
  readonly apiServerAddress: string;
  readonly apiServerPort: number;
  readonly clusterIP: string;
}

export async function bootstrap(endpoints: ReadonlyMap<string, ResourceEndpoint>, target: BootstrapTarget): Promise<void> {
  const registry = (key: string) => {
    const endpoint = endpoints.get(key);
    if (!endpoint) throw new Error(`bootstrap needs ${key}`);
    return endpoint.registry;
  };
  for (const name of SYSTEM_NAMESPACES) {
    await ignoreConflict(registry('/namespaces').create(undefined, { metadata: { name } }));
  }

  const port = { name: 'https', port: 443, protocol: 'TCP', targetPort: target.apiServerPort };
  const service: KubeObject = {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: target.clusterIP, ports: [port], sessionAffinity: 'None' },
  };
  const services = registry('/services');
  const existing = await services.find('default', 'kubernetes');
  if (!existing) {
    await ignoreConflict(services.create('default', service));
  } else {
    await services.patch('default', 'kubernetes', (current) => ({
      ...current,
      spec: { ...(current.spec as object), ports: [port] },
    }), undefined);
  }

  const subsets = [
    { addresses: [{ ip: target.apiServerAddress }], ports: [{ name: 'https', port: target.apiServerPort, protocol: 'TCP' }] },
  ];
  // The Endpoints are marked skip-mirror because this server writes the EndpointSlice itself.
  await upsert(registry('/endpoints'), {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets,
  });
  await upsert(registry('discovery.k8s.io/endpointslices'), {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { [LABEL_SERVICE_NAME]: 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [target.apiServerAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: target.apiServerPort, protocol: 'TCP' }],
  });
}

/** Creates the object, or replaces the stored one's content with it (a no-op when equal). */
async function upsert(registry: GenericRegistry, object: KubeObject): Promise<void> {
  const { namespace, name } = object.metadata as { namespace: string; name: string };
  const current = await registry.find(namespace, name);
  if (!current) return ignoreConflict(registry.create(namespace, object));
  await registry.patch(namespace, name, (stored) => ({ ...stored, ...object, metadata: { ...stored.metadata, ...object.metadata } }), undefined);
}

/** Another API server (or an earlier run) created it first: that is the goal reached. */
async function ignoreConflict(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ApiError && error.httpStatus === 409)) throw error;
  }
}
