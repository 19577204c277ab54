// Controller references: which object manages which (upstream metav1.GetControllerOf and the
// ControllerRefManager's claim rules). A ReplicaSet owns its Pods and a Deployment owns its
// ReplicaSets through exactly one ownerReference with controller: true.
import type { ObjectMeta, OwnerReference } from '../../api/meta/v1.ts';

/** Anything with metadata: a Pod, a ReplicaSet, a Deployment. */
export interface Owned {
  metadata?: ObjectMeta;
}

/** The identity of an owner, as its controller reference names it. */
export interface OwnerIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}

/** The one ownerReference with controller: true, if any (upstream GetControllerOf). */
export function controllerRefOf(object: Owned): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** Upstream NewControllerRef: controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: OwnerIdentity): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.name,
    uid: owner.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(object: Owned, ownerUid: string | undefined): boolean {
  return ownerUid !== undefined && controllerRefOf(object)?.uid === ownerUid;
}

/**
 * The strategic merge patch that adopts `object`: it adds the controller reference and carries
 * the object's uid, so the patch fails instead of adopting a new object that reuses the name.
 */
export function adoptionPatch(owner: OwnerIdentity, objectUid: string | undefined): unknown {
  return { metadata: { ownerReferences: [newControllerRef(owner)], uid: objectUid } };
}

/** The strategic merge patch that releases `object`: it deletes the owner's reference by uid. */
export function releasePatch(ownerUid: string, objectUid: string | undefined): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: ownerUid }], uid: objectUid } };
}

export interface ClaimPlan<T> {
  /** Objects the owner manages after the claim: already owned and matching, plus adopted ones. */
  readonly claimed: T[];
  /** Matching orphans to adopt (they are in `claimed` too, as upstream counts them once adopted). */
  readonly adopt: T[];
  /** Owned objects whose labels no longer match the owner's selector. */
  readonly release: T[];
}

export interface ClaimOwner {
  readonly uid: string | undefined;
  readonly namespace: string | undefined;
  /** Set when the owner is being deleted: it then neither adopts nor releases. */
  readonly deleting: boolean;
}

/**
 * Upstream BaseControllerRefManager.ClaimObject over a list: objects owned by someone else are
 * ignored; owned and matching ones are kept; owned but no longer matching ones are released;
 * matching orphans are adopted unless the owner or the orphan is being deleted.
 */
export function planClaim<T extends Owned>(owner: ClaimOwner, objects: readonly T[], matches: (object: T) => boolean): ClaimPlan<T> {
  const claimed: T[] = [];
  const adopt: T[] = [];
  const release: T[] = [];
  for (const object of objects) {
    const ref = controllerRefOf(object);
    if (ref !== undefined) {
      if (ref.uid !== owner.uid) continue;
      if (matches(object)) claimed.push(object);
      else if (!owner.deleting) release.push(object);
      continue;
    }
    if (owner.deleting || !matches(object)) continue;
    if (object.metadata?.deletionTimestamp) continue;
    if (owner.namespace && owner.namespace !== object.metadata?.namespace) continue;
    adopt.push(object);
    claimed.push(object);
  }
  return { claimed, adopt, release };
}
