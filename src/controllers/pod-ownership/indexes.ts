// Informer indexes the workload controllers share: Pods and ReplicaSets by the uid of their
// controller, so "the Pods of this ReplicaSet" is a lookup, not a scan of the namespace.
import type { ApiObject, SharedInformer } from '../../client/contract.ts';
import { controllerRefOf } from './controller-ref.ts';

export const BY_CONTROLLER_UID = 'workloads:controller-uid';

function byControllerUid(object: ApiObject): readonly string[] {
  const uid = controllerRefOf(object)?.uid;
  return uid ? [uid] : [];
}

/** Adds the controller-uid index once per informer, however many controllers ask for it. */
export function ensureControllerUidIndex<T extends ApiObject>(informer: SharedInformer<T>): void {
  const marked = informer as SharedInformer<T> & { [INDEXED]?: boolean };
  if (marked[INDEXED]) return;
  informer.addIndex(BY_CONTROLLER_UID, byControllerUid);
  marked[INDEXED] = true;
}

const INDEXED = Symbol('workloads:controller-uid-indexed');
