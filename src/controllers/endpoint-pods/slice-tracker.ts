// Upstream's EndpointSliceTracker: the generations of the slices a controller wrote, per owner
// (Service or Endpoints key). Its informer may not have caught up with those writes yet; a sync
// working from such a stale cache would undo or duplicate them, so it retries instead.
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { LABEL_SERVICE_NAME } from './well-known.ts';

const DELETION_EXPECTED = -1;

function ownerKeyOf(slice: EndpointSlice): string {
  return `${slice.metadata?.namespace ?? ''}/${slice.metadata?.labels?.[LABEL_SERVICE_NAME] ?? ''}`;
}

export class EndpointSliceTracker {
  /** owner key → slice uid → generation written (or DELETION_EXPECTED). */
  private readonly generations = new Map<string, Map<string, number>>();
  private readonly ownerUIDs = new Map<string, string>();

  private slicesOf(slice: EndpointSlice, create: boolean): Map<string, number> | undefined {
    const key = ownerKeyOf(slice);
    let slices = this.generations.get(key);
    if (!slices && create) {
      slices = new Map();
      this.generations.set(key, slices);
    }
    return slices;
  }

  has(slice: EndpointSlice): boolean {
    return this.slicesOf(slice, false)?.has(slice.metadata?.uid ?? '') ?? false;
  }

  /** The slice changed beyond what we wrote (or we never wrote it): the owner needs a sync. */
  shouldSync(slice: EndpointSlice): boolean {
    const written = this.slicesOf(slice, false)?.get(slice.metadata?.uid ?? '');
    return written === undefined || (slice.metadata?.generation ?? 0) > written;
  }

  /**
   * The cache lags our writes: a listed slice is older than we wrote it or was deleted by us, or
   * a slice we wrote is missing. A new owner UID (deleted and recreated) forgets the old writes.
   */
  staleSlices(ownerKey: string, ownerUID: string | undefined, slices: readonly EndpointSlice[]): boolean {
    const knownUID = this.ownerUIDs.get(ownerKey);
    if (knownUID && ownerUID && knownUID !== ownerUID) this.generations.delete(ownerKey);
    this.ownerUIDs.set(ownerKey, ownerUID ?? '');
    const written = this.generations.get(ownerKey);
    if (!written) return false;
    const listed = new Set<string>();
    for (const slice of slices) {
      const uid = slice.metadata?.uid ?? '';
      listed.add(uid);
      const generation = written.get(uid);
      if (generation !== undefined && (generation === DELETION_EXPECTED || generation > (slice.metadata?.generation ?? 0))) return true;
    }
    for (const [uid, generation] of written) {
      if (generation !== DELETION_EXPECTED && !listed.has(uid)) return true;
    }
    return false;
  }

  /** Record a slice as the API returned it from our create or update. */
  update(slice: EndpointSlice): void {
    this.slicesOf(slice, true)?.set(slice.metadata?.uid ?? '', slice.metadata?.generation ?? 0);
  }

  expectDeletion(slice: EndpointSlice): void {
    this.slicesOf(slice, true)?.set(slice.metadata?.uid ?? '', DELETION_EXPECTED);
  }

  /** Forget a deleted slice; false when we did not expect that deletion (someone else deleted it). */
  handleDeletion(slice: EndpointSlice): boolean {
    const slices = this.slicesOf(slice, false);
    if (!slices) return true;
    const uid = slice.metadata?.uid ?? '';
    const generation = slices.get(uid);
    slices.delete(uid);
    return generation === undefined || generation === DELETION_EXPECTED;
  }

  deleteOwner(ownerKey: string): void {
    this.generations.delete(ownerKey);
    this.ownerUIDs.delete(ownerKey);
  }
}
