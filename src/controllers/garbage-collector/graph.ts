// The ownership graph: every object the collector has seen, by uid, and for each uid the objects
// whose ownerReferences name it (its dependents), across all kinds. Plain data, no I/O: the
// controller feeds it informer events and the planner reads it. An owner that was never seen
// (or is gone) stays a key of the dependents index, so its dependents can still be found.
import type { ObjectMeta, OwnerReference } from '../../api/meta/v1.ts';
import { kindOf, type GcKind, type GcResource } from './kinds.ts';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** An ownerReference with the fields validation requires (the API rejects the others). */
export type OwnerRef = OwnerReference & { apiVersion: string; kind: string; name: string; uid: string };

function isComplete(ref: OwnerReference): ref is OwnerRef {
  return !!ref.apiVersion && !!ref.kind && !!ref.name && !!ref.uid;
}

/** What the collector keeps of an object. */
export interface GraphNode {
  readonly uid: string;
  readonly kind: GcKind;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly resourceVersion: string | undefined;
  readonly deletionTimestamp: string | undefined;
  readonly finalizers: readonly string[];
  readonly ownerReferences: readonly OwnerRef[];
}

/** The object a node is, for writes: which client, where, and which incarnation. */
export interface ObjectRef {
  readonly resource: GcResource;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly uid: string;
}

export function refOf(node: GraphNode): ObjectRef {
  return { resource: node.kind.resource, namespace: node.namespace, name: node.name, uid: node.uid };
}

export function graphNodeOf(kind: GcKind, object: { metadata?: ObjectMeta }): GraphNode | undefined {
  const meta = object.metadata;
  if (!meta?.uid || !meta.name) return undefined;
  return {
    uid: meta.uid,
    kind,
    namespace: kind.namespaced ? meta.namespace : undefined,
    name: meta.name,
    resourceVersion: meta.resourceVersion,
    deletionTimestamp: meta.deletionTimestamp ?? undefined,
    finalizers: meta.finalizers ?? [],
    ownerReferences: (meta.ownerReferences ?? []).filter(isComplete),
  };
}

export function isBeingDeleted(node: GraphNode): boolean {
  return node.deletionTimestamp !== undefined;
}

/** Deleted in the foreground: the owner waits for its blocking dependents to go first. */
export function isDeletingDependents(node: GraphNode): boolean {
  return isBeingDeleted(node) && node.finalizers.includes(FINALIZER_FOREGROUND);
}

/** How an ownerReference of `dependent` resolves against what the graph knows. */
export type OwnerResolution =
  | { readonly state: 'present'; readonly owner: GraphNode }
  | { readonly state: 'absent' }
  /** A kind kubesvc does not serve: the reference is left alone (upstream retries; it never resolves). */
  | { readonly state: 'unresolvable' }
  /** A cluster-scoped dependent naming a namespaced owner, which upstream never acts on. */
  | { readonly state: 'invalid' };

export class OwnershipGraph {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly dependentsByOwner = new Map<string, Set<string>>();

  get size(): number {
    return this.nodes.size;
  }

  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Adds or replaces a node; returns the version it replaced. */
  upsert(node: GraphNode): GraphNode | undefined {
    const previous = this.nodes.get(node.uid);
    if (previous) this.unindex(previous);
    this.nodes.set(node.uid, node);
    for (const ref of node.ownerReferences) {
      let set = this.dependentsByOwner.get(ref.uid);
      if (!set) this.dependentsByOwner.set(ref.uid, (set = new Set()));
      set.add(node.uid);
    }
    return previous;
  }

  /** Removes a node; its dependents keep naming it, so they stay indexed under its uid. */
  remove(uid: string): GraphNode | undefined {
    const previous = this.nodes.get(uid);
    if (!previous) return undefined;
    this.unindex(previous);
    this.nodes.delete(uid);
    return previous;
  }

  /**
   * The objects whose ownerReferences name `ownerUid` and resolve to it: a namespaced
   * dependent can only be owned by an object of its own namespace (or a cluster-scoped one).
   */
  dependentsOf(ownerUid: string): GraphNode[] {
    const out: GraphNode[] = [];
    for (const uid of this.dependentsByOwner.get(ownerUid) ?? []) {
      const dependent = this.nodes.get(uid);
      if (!dependent) continue;
      const owner = this.nodes.get(ownerUid);
      const ref = dependent.ownerReferences.find((r) => r.uid === ownerUid);
      if (owner && ref && this.resolve(dependent, ref).state !== 'present') continue;
      out.push(dependent);
    }
    return out.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  }

  resolve(dependent: GraphNode, ref: OwnerRef): OwnerResolution {
    const kind = kindOf(ref.apiVersion, ref.kind);
    if (!kind) return { state: 'unresolvable' };
    if (kind.namespaced && !dependent.kind.namespaced) return { state: 'invalid' };
    const owner = this.nodes.get(ref.uid);
    // Upstream looks the owner up by kind, namespace and name and compares uids; the graph,
    // keyed by uid, asks the same question the other way round.
    const namespace = kind.namespaced ? dependent.namespace : undefined;
    if (!owner || owner.kind !== kind || owner.namespace !== namespace || owner.name !== ref.name) return { state: 'absent' };
    return { state: 'present', owner };
  }

  /**
   * Who must be looked at again after `uid` changed from `previous` to `current`: the object
   * itself, the owners it named before and after (a foreground owner may be unblocked), and its
   * dependents (their owner appeared, changed or went away).
   */
  affectedBy(uid: string, previous: GraphNode | undefined, current: GraphNode | undefined): string[] {
    const uids = new Set<string>([uid]);
    for (const ref of [...(previous?.ownerReferences ?? []), ...(current?.ownerReferences ?? [])]) uids.add(ref.uid);
    for (const dependent of this.dependentsByOwner.get(uid) ?? []) uids.add(dependent);
    return [...uids];
  }

  private unindex(node: GraphNode): void {
    for (const ref of node.ownerReferences) {
      const set = this.dependentsByOwner.get(ref.uid);
      set?.delete(node.uid);
      if (set?.size === 0) this.dependentsByOwner.delete(ref.uid);
    }
  }
}

