// What the garbage collector does about an object, from the ownership graph alone (upstream's
// attemptToDeleteItem, processDeletingDependentsItem and attemptToOrphan):
// - an owner being deleted with the `orphan` finalizer: drop the reference to it from every
//   dependent, then drop the finalizer;
// - an owner being deleted with `foregroundDeletion`: once no dependent that blocks owner
//   deletion is left, drop the finalizer (its dependents are handled as below);
// - any other object being deleted: nothing, its deletion finishes on its own;
// - an object whose owners are all gone (dangling references) or waiting for their dependents:
//   delete it, in the foreground when a waiting owner needs its own dependents gone first,
//   else with the policy its own finalizers ask for (Background by default);
// - an object with a live owner besides dangling or waiting ones: drop those references.
// Deletes carry the object's uid as a precondition; writes that replace lists carry the
// resourceVersion they were computed from, so a stale graph fails them instead of losing data.
import {
  FINALIZER_FOREGROUND,
  FINALIZER_ORPHAN,
  isBeingDeleted,
  isDeletingDependents,
  refOf,
  type GraphNode,
  type OwnerRef,
  type ObjectRef,
  type OwnershipGraph,
} from './graph.ts';
import { kindOf, type GcKind } from './kinds.ts';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** An owner the graph believes gone; the controller confirms it with a live read before acting. */
export interface AbsentOwner {
  readonly kind: GcKind;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly uid: string;
}

export interface DeleteAction {
  readonly ref: ObjectRef;
  readonly propagationPolicy: PropagationPolicy;
  readonly preconditions: { readonly uid: string };
  readonly absentOwners: readonly AbsentOwner[];
}

export interface RemoveOwnerReferencesAction {
  readonly ref: ObjectRef;
  readonly resourceVersion: string | undefined;
  readonly ownerUids: readonly string[];
  /** The ownerReferences the object keeps. */
  readonly remaining: readonly OwnerRef[];
  readonly absentOwners: readonly AbsentOwner[];
}

export interface UnblockOwnerReferencesAction {
  readonly ref: ObjectRef;
  readonly resourceVersion: string | undefined;
  /** The ownerReferences with blockOwnerDeletion turned off. */
  readonly ownerReferences: readonly OwnerRef[];
}

export interface RemoveFinalizerAction {
  readonly ref: ObjectRef;
  readonly resourceVersion: string | undefined;
  readonly finalizer: string;
  /** The finalizers the object keeps. */
  readonly remaining: readonly string[];
}

/**
 * Writes in the order the controller performs them: unblock and drop references first, then
 * delete, then release finalizers (an orphaned owner's finalizer only after its dependents
 * let go of it).
 */
export interface GarbageCollectionPlan {
  readonly unblockOwnerReferences: UnblockOwnerReferencesAction[];
  readonly removeOwnerReferences: RemoveOwnerReferencesAction[];
  readonly delete: DeleteAction[];
  readonly removeFinalizer: RemoveFinalizerAction[];
  /** Objects left alone because an ownerReference can never resolve (unknown kind, invalid scope). */
  readonly unresolvable: Array<{ readonly ref: ObjectRef; readonly ownerReference: OwnerRef }>;
}

export function emptyPlan(): GarbageCollectionPlan {
  return { unblockOwnerReferences: [], removeOwnerReferences: [], delete: [], removeFinalizer: [], unresolvable: [] };
}

export function isEmptyPlan(plan: GarbageCollectionPlan): boolean {
  return (
    plan.unblockOwnerReferences.length + plan.removeOwnerReferences.length + plan.delete.length + plan.removeFinalizer.length ===
    0
  );
}

/** Plans the collector's writes for the objects `uids` (the ones whose neighbourhood changed). */
export function planGarbageCollection(graph: OwnershipGraph, uids: Iterable<string>): GarbageCollectionPlan {
  const plan = emptyPlan();
  for (const uid of new Set(uids)) {
    const node = graph.get(uid);
    if (node) planForNode(graph, node, plan);
  }
  return plan;
}

function planForNode(graph: OwnershipGraph, node: GraphNode, plan: GarbageCollectionPlan): void {
  if (isBeingDeleted(node)) {
    if (node.finalizers.includes(FINALIZER_ORPHAN)) planOrphaning(graph, node, plan);
    if (isDeletingDependents(node)) planForegroundOwner(graph, node, plan);
    return;
  }
  if (node.ownerReferences.length === 0) return;

  const solid: OwnerRef[] = [];
  const dangling: OwnerRef[] = [];
  const waiting: OwnerRef[] = [];
  const absentOwners: AbsentOwner[] = [];
  for (const ref of node.ownerReferences) {
    const resolution = graph.resolve(node, ref);
    switch (resolution.state) {
      case 'unresolvable':
      case 'invalid':
        plan.unresolvable.push({ ref: refOf(node), ownerReference: ref });
        return;
      case 'absent':
        dangling.push(ref);
        absentOwners.push(absentOwner(node, ref));
        break;
      case 'present':
        (isDeletingDependents(resolution.owner) ? waiting : solid).push(ref);
        break;
    }
  }

  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return;
    // A waiting owner would otherwise wait forever for a dependent that another owner keeps.
    const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
    plan.removeOwnerReferences.push({
      ref: refOf(node),
      resourceVersion: node.resourceVersion,
      ownerUids: [...drop],
      remaining: node.ownerReferences.filter((r) => !drop.has(r.uid)),
      absentOwners,
    });
    return;
  }

  const dependents = graph.dependentsOf(node.uid);
  if (waiting.length > 0 && dependents.length > 0) {
    // Deleting this object in the foreground makes its waiting owner wait for the whole subtree.
    // When a dependent is itself deleting in the foreground, a cycle is possible: stop this
    // object from blocking its owners first, as upstream does.
    if (dependents.some(isDeletingDependents) && node.ownerReferences.some((r) => r.blockOwnerDeletion)) {
      plan.unblockOwnerReferences.push({
        ref: refOf(node),
        resourceVersion: node.resourceVersion,
        ownerReferences: node.ownerReferences.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)),
      });
    }
    plan.delete.push({ ref: refOf(node), propagationPolicy: 'Foreground', preconditions: { uid: node.uid }, absentOwners });
    return;
  }

  plan.delete.push({ ref: refOf(node), propagationPolicy: policyFromFinalizers(node), preconditions: { uid: node.uid }, absentOwners });
}

/** An object with an orphan or foreground finalizer already on it keeps that policy. */
function policyFromFinalizers(node: GraphNode): PropagationPolicy {
  if (node.finalizers.includes(FINALIZER_ORPHAN)) return 'Orphan';
  if (node.finalizers.includes(FINALIZER_FOREGROUND)) return 'Foreground';
  return 'Background';
}

function planOrphaning(graph: OwnershipGraph, owner: GraphNode, plan: GarbageCollectionPlan): void {
  for (const dependent of graph.dependentsOf(owner.uid)) {
    plan.removeOwnerReferences.push({
      ref: refOf(dependent),
      resourceVersion: dependent.resourceVersion,
      ownerUids: [owner.uid],
      remaining: dependent.ownerReferences.filter((r) => r.uid !== owner.uid),
      absentOwners: [],
    });
  }
  plan.removeFinalizer.push(removeFinalizer(owner, FINALIZER_ORPHAN));
}

function planForegroundOwner(graph: OwnershipGraph, owner: GraphNode, plan: GarbageCollectionPlan): void {
  const blocking = graph
    .dependentsOf(owner.uid)
    .filter((d) => d.ownerReferences.some((r) => r.uid === owner.uid && r.blockOwnerDeletion === true));
  if (blocking.length === 0) plan.removeFinalizer.push(removeFinalizer(owner, FINALIZER_FOREGROUND));
  // Otherwise each dependent's own planning deletes it: its owner is waiting.
}

function removeFinalizer(node: GraphNode, finalizer: string): RemoveFinalizerAction {
  return {
    ref: refOf(node),
    resourceVersion: node.resourceVersion,
    finalizer,
    remaining: node.finalizers.filter((f) => f !== finalizer),
  };
}

function absentOwner(dependent: GraphNode, ref: OwnerRef): AbsentOwner {
  // resolve() answered 'absent', so the kind is one kubesvc serves.
  const kind = kindOf(ref.apiVersion, ref.kind) as GcKind;
  return { kind, namespace: kind.namespaced ? dependent.namespace : undefined, name: ref.name, uid: ref.uid };
}
