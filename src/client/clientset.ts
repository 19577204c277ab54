// Typed clients for every resource kubesvc serves, all sharing one RestClient (one socket pool).
import { RESOURCES, type ResourceInfo } from '../api/resources.ts';
import type { ApiObject, ClientConfig, Clientset, ResourceClient, ResourceName } from './contract.ts';
import { RestResourceClient } from './resource-client.ts';
import { RestClient } from './rest-client.ts';

/** Which row of RESOURCES backs each Clientset field. */
const RESOURCE_OF: Readonly<Record<ResourceName, string>> = {
  namespaces: 'namespaces',
  pods: 'pods',
  services: 'services',
  endpoints: 'endpoints',
  endpointSlices: 'endpointslices',
  nodes: 'nodes',
  events: 'events',
  configMaps: 'configmaps',
  secrets: 'secrets',
  replicaSets: 'replicasets',
  deployments: 'deployments',
  leases: 'leases',
};

export function resourceInfoOf(name: ResourceName): ResourceInfo {
  const info = RESOURCES.find((row) => row.resource === RESOURCE_OF[name]);
  if (!info) throw new Error(`no resource row for ${name}`);
  return info;
}

export interface ClosableClientset extends Clientset {
  /** Frees pooled sockets; the clientset is unusable afterwards. */
  close(): void;
}

export function createClientset(config: ClientConfig): ClosableClientset {
  const rest = new RestClient(config);
  const client = <T extends ApiObject>(name: ResourceName): ResourceClient<T> => new RestResourceClient<T>(rest, resourceInfoOf(name));
  return {
    config,
    namespaces: client('namespaces'),
    pods: client('pods'),
    services: client('services'),
    endpoints: client('endpoints'),
    endpointSlices: client('endpointSlices'),
    nodes: client('nodes'),
    events: client('events'),
    configMaps: client('configMaps'),
    secrets: client('secrets'),
    replicaSets: client('replicaSets'),
    deployments: client('deployments'),
    leases: client('leases'),
    close: () => rest.close(),
  };
}
