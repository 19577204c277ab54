// The pods informer's "by node" index, shared by the scheduler and the node lifecycle
// controller: one index on the shared cache answers "which pods are on node X".
import type { Pod } from '../../api/core/v1/pod.ts';
import type { SharedInformer } from '../../client/contract.ts';

export const POD_NODE_INDEX = 'spec.nodeName';

/** Adds the index unless another component sharing the informer already did. */
export function ensurePodNodeIndex(pods: SharedInformer<Pod>): void {
  try {
    pods.addIndex(POD_NODE_INDEX, (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []));
  } catch (error) {
    // The same index under the same name: already there is what we want.
    if (!(error instanceof Error && /already exists/.test(error.message))) throw error;
  }
}
