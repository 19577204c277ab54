// Namespace lifecycle for writes (upstream's NamespaceLifecycle admission): objects can be
// created only in a namespace that exists and is not terminating.
import type { KubeObject } from '../../api/meta/v1.ts';
import { forbidden, notFound, type Target } from '../http/api-error.ts';

export interface NamespaceGate {
  /** Throws 404 when the namespace is missing, 403 (about `creating`) when it is terminating. */
  assertWritable(namespace: string, creating: Target): Promise<void>;
}

/**
 * Looks namespaces up first in the cache and, on a miss, in the store itself: a namespace
 * created a moment ago may not have reached the cache yet.
 */
export function namespaceGate(lookup: {
  cached(name: string): KubeObject | undefined;
  stored(name: string): Promise<KubeObject | undefined>;
}): NamespaceGate {
  return {
    async assertWritable(namespace, creating) {
      const found = lookup.cached(namespace) ?? (await lookup.stored(namespace));
      if (!found) throw notFound({ resource: 'namespaces', group: '', name: namespace });
      const phase = (found.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Terminating' || found.metadata?.deletionTimestamp) {
        // The cause is what clients (the endpoints controllers among them) test for.
        throw forbidden(creating, `unable to create new content in namespace ${namespace} because it is being terminated`, [
          { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
        ]);
      }
    },
  };
}
