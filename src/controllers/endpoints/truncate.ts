// Upstream truncateEndpoints: an Endpoints object holds at most 1000 addresses. Ready addresses
// are kept first; each subset keeps its proportional share (rounded up, so the last subsets may
// get less).
import type { EndpointAddress, EndpointSubset } from '../../api/core/v1/endpoints.ts';

export const MAX_ENDPOINTS_CAPACITY = 1000;

export function countAddresses(subsets: readonly EndpointSubset[] | undefined): number {
  return (subsets ?? []).reduce((sum, s) => sum + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
}

/** The subsets cut to capacity, or undefined when they already fit. Pure. */
export function truncateSubsets(subsets: readonly EndpointSubset[], capacity = MAX_ENDPOINTS_CAPACITY): EndpointSubset[] | undefined {
  const totalReady = subsets.reduce((sum, s) => sum + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((sum, s) => sum + (s.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= capacity) return undefined;

  // When the ready ones alone overflow, only they are kept (cut down); otherwise all ready ones
  // stay and the not-ready ones share what is left.
  const truncateReady = totalReady > capacity;
  const budget = truncateReady ? capacity : capacity - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let left = budget;
  const cut = subsets.map((subset) => {
    const inSubset = (truncateReady ? subset.addresses : subset.notReadyAddresses)?.length ?? 0;
    const share = Math.min(Math.ceil((inSubset / total) * budget), left);
    const copy: EndpointSubset = { ...subset };
    if (truncateReady) {
      const kept = take(subset.addresses, share);
      copy.addresses = kept;
      delete copy.notReadyAddresses;
      left -= kept.length;
    } else {
      const kept = take(subset.notReadyAddresses, share);
      if (kept.length > 0) copy.notReadyAddresses = kept;
      else delete copy.notReadyAddresses;
      left -= kept.length;
    }
    return copy;
  });
  // A subset left with no address at all would not pass validation (upstream writes it anyway).
  return cut.filter((subset) => (subset.addresses?.length ?? 0) + (subset.notReadyAddresses?.length ?? 0) > 0);
}

function take(addresses: readonly EndpointAddress[] | undefined, n: number): EndpointAddress[] {
  return (addresses ?? []).slice(0, Math.max(0, n));
}
