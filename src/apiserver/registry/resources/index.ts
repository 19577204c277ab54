// Every stored resource's strategy, in the order of the resource table (reviews store nothing
// and have none).
import { STORED_RESOURCES, type ResourceInfo } from '../../../api/resources.ts';
import type { Clock } from '../../../util/clock.ts';
import type { ServiceAllocation } from '../../allocators/service-allocation.ts';
import type { ResourceStrategy } from '../strategy.ts';
import { eventStrategy, leaseStrategy, nodeStrategy } from './cluster.ts';
import { configMapStrategy, secretStrategy } from './config.ts';
import { namespaceStrategy } from './namespaces.ts';
import { endpointSliceStrategy, endpointsStrategy, type EndpointRules } from './networking.ts';
import { podStrategy } from './pods.ts';
import { serviceStrategy } from './services.ts';
import { deploymentStrategy, replicaSetStrategy } from './workloads.ts';

export interface StrategyDeps {
  readonly allocation: ServiceAllocation;
  readonly clock: Clock;
  readonly endpoints: EndpointRules;
}

export function strategiesFor(deps: StrategyDeps): ResourceStrategy[] {
  const build: Record<string, (info: ResourceInfo) => ResourceStrategy> = {
    namespaces: namespaceStrategy,
    pods: (info) => podStrategy(info, deps.clock),
    services: (info) => serviceStrategy(info, deps.allocation),
    endpoints: (info) => endpointsStrategy(info, deps.endpoints),
    nodes: nodeStrategy,
    events: eventStrategy,
    configmaps: configMapStrategy,
    secrets: secretStrategy,
    endpointslices: (info) => endpointSliceStrategy(info, deps.endpoints),
    replicasets: replicaSetStrategy,
    deployments: deploymentStrategy,
    leases: leaseStrategy,
  };
  return STORED_RESOURCES.map((info) => {
    const make = build[info.resource];
    if (!make) throw new Error(`no strategy for ${info.resource}`);
    return make(info);
  });
}
