// What the EndpointSlice and mirroring controllers do alike with the slices they manage: notice
// changes they did not make (and only those), and write a plan while recording each write, so
// that a later sync can tell when its informer has not caught up with them yet.
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { isNotFound } from '../../client/api-error.ts';
import type { InformerHandlers, ResourceClient } from '../../client/contract.ts';
import { isNamespaceTerminating } from './informer-glue.ts';
import type { EndpointSliceTracker } from './slice-tracker.ts';
import { LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from './well-known.ts';

export interface SlicePlan {
  readonly create: readonly EndpointSlice[];
  readonly update: readonly EndpointSlice[];
  readonly delete: readonly EndpointSlice[];
}

/**
 * Handlers for slices with `managed-by: managedBy`. `enqueueOwner` gets the slice whose owner
 * (named by its service-name label) must be synced again: someone else changed, moved or
 * deleted one of our slices, or a slice changed hands.
 */
export function managedSliceHandlers(
  managedBy: string,
  tracker: EndpointSliceTracker,
  enqueueOwner: (slice: EndpointSlice) => void,
): InformerHandlers<EndpointSlice> {
  const managed = (slice: EndpointSlice) => slice.metadata?.labels?.[LABEL_MANAGED_BY] === managedBy;
  return {
    onAdd: (slice) => {
      if (managed(slice) && tracker.shouldSync(slice)) enqueueOwner(slice);
    },
    onUpdate: (previous, slice) => {
      // The controllers never change the service-name label; a user might, which moves the slice.
      // As far as the previous owner's writes go, a slice that moved or changed hands is gone.
      const moved = previous.metadata?.labels?.[LABEL_SERVICE_NAME] !== slice.metadata?.labels?.[LABEL_SERVICE_NAME];
      if (moved || (managed(previous) && !managed(slice))) tracker.handleDeletion(previous);
      if (moved) {
        enqueueOwner(slice);
        enqueueOwner(previous);
        return;
      }
      if (managed(previous) !== managed(slice) || (managed(slice) && tracker.shouldSync(slice))) enqueueOwner(slice);
    },
    onDelete: (slice) => {
      // A deletion we did not make (someone removed one of our slices): put it back.
      if (managed(slice) && tracker.has(slice) && !tracker.handleDeletion(slice)) enqueueOwner(slice);
    },
  };
}

/** Writes a plan in order (creates, updates, deletes), recording each write in `tracker`. */
export async function applySlicePlan(
  client: ResourceClient<EndpointSlice>,
  tracker: EndpointSliceTracker,
  namespace: string,
  plan: SlicePlan,
  options: { readonly trackDeletions: boolean },
): Promise<void> {
  for (const slice of plan.create) {
    try {
      tracker.update(await client.create(namespace, slice));
    } catch (error) {
      // A namespace being deleted refuses creates for good: stop here without a retry.
      if (isNamespaceTerminating(error)) return;
      throw error;
    }
  }
  for (const slice of plan.update) tracker.update(await client.update(slice));
  for (const slice of plan.delete) {
    // Expected before the request: the watch may report the deletion before the answer arrives.
    if (options.trackDeletions) tracker.expectDeletion(slice);
    try {
      await client.delete(namespace, slice.metadata?.name ?? '');
    } catch (error) {
      if (isNotFound(error)) continue;
      // Still there: expecting its deletion would mark the cache stale for good.
      if (options.trackDeletions) tracker.update(slice);
      throw error;
    }
  }
}
