// Informer glue the three endpoint controllers share: Pod handlers that only enqueue the keys of
// the Services a change matters to, the slice-by-Service index, and the API errors they treat
// specially.
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { ApiError } from '../../client/api-error.ts';
import type { InformerHandlers, Lister, SharedInformer } from '../../client/contract.ts';
import { servicesForPod, servicesToUpdateOnPodChange } from './service-membership.ts';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './well-known.ts';

/** Pod add, update and delete → the keys of the Services the change matters to. */
export function podEventHandlers(services: Lister<Service>, enqueue: (serviceKey: string) => void): InformerHandlers<Pod> {
  const inNamespace = (pod: Pod) => services.byNamespace(pod.metadata?.namespace ?? '');
  const forPod = (pod: Pod) => {
    for (const key of servicesForPod(inNamespace(pod), pod)) enqueue(key);
  };
  return {
    onAdd: forPod,
    onUpdate: (oldPod, newPod) => {
      for (const key of servicesToUpdateOnPodChange(inNamespace(newPod), oldPod, newPod)) enqueue(key);
    },
    onDelete: forPod,
  };
}

export const SLICES_BY_SERVICE = 'endpoints:slices-by-service';
const INDEXED = Symbol(SLICES_BY_SERVICE);

/** Indexes slices by `namespace/service-name label`, once per informer however many controllers ask. */
export function ensureSlicesByServiceIndex(informer: SharedInformer<EndpointSlice>): void {
  const marked = informer as SharedInformer<EndpointSlice> & { [INDEXED]?: boolean };
  if (marked[INDEXED]) return;
  informer.addIndex(SLICES_BY_SERVICE, (slice) => {
    const service = slice.metadata?.labels?.[LABEL_SERVICE_NAME];
    return service ? [`${slice.metadata?.namespace ?? ''}/${service}`] : [];
  });
  marked[INDEXED] = true;
}

/** The slices labelled for this Service key and managed by `controller`. */
export function slicesManagedBy(lister: Lister<EndpointSlice>, serviceKey: string, managedBy: string): EndpointSlice[] {
  return lister.byIndex(SLICES_BY_SERVICE, serviceKey).filter((slice) => slice.metadata?.labels?.[LABEL_MANAGED_BY] === managedBy);
}

/** A create refused because the namespace is being deleted (its status cause): retrying cannot help. */
export function isNamespaceTerminating(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.code !== 403) return false;
  const causes = error.status.details?.causes ?? [];
  return causes.some((cause) => cause.reason === 'NamespaceTerminating');
}

/** The informer cache lags this controller's own writes; the sync is retried. */
export class StaleInformerCacheError extends Error {
  constructor(what: string) {
    super(`${what}: informer cache is out of date`);
    this.name = 'StaleInformerCacheError';
  }
}
