import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ObjectMeta, OwnerReference } from '../../api/meta/v1.ts';
import { graphNodeOf, OwnershipGraph } from './graph.ts';
import { kindOfResource, type GcResource } from './kinds.ts';
import { planGarbageCollection, type GarbageCollectionPlan } from './plan.ts';

interface Obj {
  resource: GcResource;
  metadata: ObjectMeta;
}

function obj(resource: GcResource, name: string, meta: Partial<ObjectMeta> = {}): Obj {
  const namespaced = kindOfResource(resource).namespaced;
  return { resource, metadata: { name, uid: `uid-${name}`, resourceVersion: '7', ...(namespaced ? { namespace: 'default' } : {}), ...meta } };
}

function ownedBy(owner: Obj, extra: Partial<OwnerReference> = {}): OwnerReference {
  const kind = kindOfResource(owner.resource);
  return { apiVersion: kind.apiVersion, kind: kind.kind, name: owner.metadata.name as string, uid: owner.metadata.uid as string, ...extra };
}

function graphOf(objects: Obj[]): OwnershipGraph {
  const graph = new OwnershipGraph();
  for (const o of objects) {
    const node = graphNodeOf(kindOfResource(o.resource), o);
    assert.ok(node);
    graph.upsert(node);
  }
  return graph;
}

/** A compact view of a plan: one line per write. */
function summary(plan: GarbageCollectionPlan): string[] {
  return [
    ...plan.unblockOwnerReferences.map(
      (a) => `unblock ${a.ref.name}: ${a.ownerReferences.map((r) => `${r.name}=${String(r.blockOwnerDeletion ?? '-')}`).join(',')}`,
    ),
    ...plan.removeOwnerReferences.map(
      (a) => `unown ${a.ref.name} from ${a.ownerUids.join(',')} keeping [${a.remaining.map((r) => r.name).join(',')}]`,
    ),
    ...plan.delete.map((a) => `delete ${a.ref.resource}/${a.ref.name} ${a.propagationPolicy} uid=${a.preconditions.uid}`),
    ...plan.removeFinalizer.map((a) => `finalize ${a.ref.name} -${a.finalizer} keeping [${a.remaining.join(',')}]`),
    ...plan.unresolvable.map((u) => `unresolvable ${u.ref.name} -> ${u.ownerReference.kind}/${u.ownerReference.name}`),
  ];
}

const DELETING = '2024-05-01T00:00:00Z';
const rs = obj('replicaSets', 'rs');
const deploy = obj('deployments', 'web');

interface Case {
  name: string;
  objects: Obj[];
  uids: string[];
  want: string[];
}

const cases: Case[] = [
  {
    name: 'an object without owners is left alone',
    objects: [obj('pods', 'p')],
    uids: ['uid-p'],
    want: [],
  },
  {
    name: 'owner alive: nothing to do',
    objects: [rs, obj('pods', 'p', { ownerReferences: [ownedBy(rs)] })],
    uids: ['uid-p', 'uid-rs'],
    want: [],
  },
  {
    name: 'owner gone (background deletion): the dependent is deleted, uid as precondition',
    objects: [obj('pods', 'p', { ownerReferences: [ownedBy(rs)] })],
    uids: ['uid-p'],
    want: ['delete pods/p Background uid=uid-p'],
  },
  {
    name: 'owner replaced by a new object of the same name (uid mismatch): dangling',
    objects: [obj('replicaSets', 'rs', { uid: 'uid-new' }), obj('pods', 'p', { ownerReferences: [ownedBy(rs)] })],
    uids: ['uid-p'],
    want: ['delete pods/p Background uid=uid-p'],
  },
  {
    name: 'namespaced owner in another namespace does not own the dependent',
    objects: [obj('replicaSets', 'rs', { namespace: 'other' }), obj('pods', 'p', { ownerReferences: [ownedBy(rs)] })],
    uids: ['uid-p'],
    want: ['delete pods/p Background uid=uid-p'],
  },
  {
    name: 'cluster-scoped owner (a Node) owns a namespaced Lease',
    objects: [obj('nodes', 'n1'), obj('leases', 'n1-lease', { namespace: 'kube-node-lease', ownerReferences: [ownedBy(obj('nodes', 'n1'))] })],
    uids: ['uid-n1-lease'],
    want: [],
  },
  {
    name: 'Lease of a deleted Node is collected',
    objects: [obj('leases', 'n1-lease', { namespace: 'kube-node-lease', ownerReferences: [ownedBy(obj('nodes', 'n1'))] })],
    uids: ['uid-n1-lease'],
    want: ['delete leases/n1-lease Background uid=uid-n1-lease'],
  },
  {
    name: 'a cluster-scoped dependent naming a namespaced owner is never acted on',
    objects: [obj('namespaces', 'ns1', { ownerReferences: [ownedBy(rs)] })],
    uids: ['uid-ns1'],
    want: ['unresolvable ns1 -> ReplicaSet/rs'],
  },
  {
    name: 'an owner of a kind kubesvc does not serve is never treated as gone',
    objects: [obj('pods', 'p', { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'uid-db' }] })],
    uids: ['uid-p'],
    want: ['unresolvable p -> StatefulSet/db'],
  },
  {
    name: 'owner reference by another apiVersion of the same group resolves',
    objects: [rs, obj('pods', 'p', { ownerReferences: [{ ...ownedBy(rs), apiVersion: 'apps/v1beta2' }] })],
    uids: ['uid-p'],
    want: [],
  },
  {
    name: 'one live owner and one gone: only the dangling reference is dropped',
    objects: [rs, obj('pods', 'p', { ownerReferences: [ownedBy(rs), ownedBy(deploy)] })],
    uids: ['uid-p'],
    want: ['unown p from uid-web keeping [rs]'],
  },
  {
    name: 'orphan: dependents lose the reference, then the finalizer goes',
    objects: [
      obj('replicaSets', 'rs', { deletionTimestamp: DELETING, finalizers: ['orphan'] }),
      obj('pods', 'p1', { ownerReferences: [ownedBy(rs)] }),
      obj('pods', 'p2', { ownerReferences: [ownedBy(rs), ownedBy(deploy)] }),
    ],
    uids: ['uid-rs'],
    want: ['unown p1 from uid-rs keeping []', 'unown p2 from uid-rs keeping [web]', 'finalize rs -orphan keeping []'],
  },
  {
    name: 'orphan with no dependents: just the finalizer, other finalizers kept',
    objects: [obj('replicaSets', 'rs', { deletionTimestamp: DELETING, finalizers: ['example.com/x', 'orphan'] })],
    uids: ['uid-rs'],
    want: ['finalize rs -orphan keeping [example.com/x]'],
  },
  {
    name: 'foreground: the owner waits while a blocking dependent exists, the dependent is deleted',
    objects: [
      obj('replicaSets', 'rs', { deletionTimestamp: DELETING, finalizers: ['foregroundDeletion'] }),
      obj('pods', 'p1', { ownerReferences: [ownedBy(rs, { blockOwnerDeletion: true })] }),
    ],
    uids: ['uid-rs', 'uid-p1'],
    want: ['delete pods/p1 Background uid=uid-p1'],
  },
  {
    name: 'foreground: a dependent already terminating still blocks, and is not deleted again',
    objects: [
      obj('replicaSets', 'rs', { deletionTimestamp: DELETING, finalizers: ['foregroundDeletion'] }),
      obj('pods', 'p1', { deletionTimestamp: DELETING, ownerReferences: [ownedBy(rs, { blockOwnerDeletion: true })] }),
    ],
    uids: ['uid-rs', 'uid-p1'],
    want: [],
  },
  {
    name: 'foreground: non-blocking dependents are deleted but do not hold the owner',
    objects: [
      obj('replicaSets', 'rs', { deletionTimestamp: DELETING, finalizers: ['foregroundDeletion'] }),
      obj('pods', 'p1', { ownerReferences: [ownedBy(rs)] }),
    ],
    uids: ['uid-rs', 'uid-p1'],
    want: ['delete pods/p1 Background uid=uid-p1', 'finalize rs -foregroundDeletion keeping []'],
  },
  {
    name: 'foreground: no dependents left, the finalizer goes',
    objects: [obj('replicaSets', 'rs', { deletionTimestamp: DELETING, finalizers: ['foregroundDeletion'] })],
    uids: ['uid-rs'],
    want: ['finalize rs -foregroundDeletion keeping []'],
  },
  {
    name: 'foreground through two levels: a dependent with its own dependents is deleted in the foreground',
    objects: [
      obj('deployments', 'web', { deletionTimestamp: DELETING, finalizers: ['foregroundDeletion'] }),
      obj('replicaSets', 'rs', { ownerReferences: [ownedBy(deploy, { blockOwnerDeletion: true })] }),
      obj('pods', 'p1', { ownerReferences: [ownedBy(rs, { blockOwnerDeletion: true })] }),
    ],
    uids: ['uid-web', 'uid-rs', 'uid-p1'],
    want: ['delete replicaSets/rs Foreground uid=uid-rs'],
  },
  {
    name: 'foreground cycle guard: a dependent deleting in the foreground makes the item stop blocking',
    objects: [
      obj('deployments', 'web', { deletionTimestamp: DELETING, finalizers: ['foregroundDeletion'] }),
      obj('replicaSets', 'rs', { ownerReferences: [ownedBy(deploy, { blockOwnerDeletion: true })] }),
      obj('pods', 'p1', {
        deletionTimestamp: DELETING,
        finalizers: ['foregroundDeletion'],
        ownerReferences: [ownedBy(rs, { blockOwnerDeletion: true })],
      }),
    ],
    uids: ['uid-rs'],
    want: ['unblock rs: web=false', 'delete replicaSets/rs Foreground uid=uid-rs'],
  },
  {
    name: 'a dependent kept by another live owner lets go of the waiting owner',
    objects: [
      rs,
      obj('deployments', 'web', { deletionTimestamp: DELETING, finalizers: ['foregroundDeletion'] }),
      obj('pods', 'p1', { ownerReferences: [ownedBy(deploy, { blockOwnerDeletion: true }), ownedBy(rs)] }),
    ],
    uids: ['uid-p1'],
    want: ['unown p1 from uid-web keeping [rs]'],
  },
  {
    name: 'an orphaned dangling dependent with its own orphan finalizer keeps that policy',
    objects: [obj('configMaps', 'cm', { finalizers: ['orphan'], ownerReferences: [ownedBy(rs)] })],
    uids: ['uid-cm'],
    want: ['delete configMaps/cm Orphan uid=uid-cm'],
  },
  {
    name: 'an object being deleted without collector finalizers is left to finish',
    objects: [obj('pods', 'p', { deletionTimestamp: DELETING, ownerReferences: [ownedBy(rs)] })],
    uids: ['uid-p'],
    want: [],
  },
  {
    name: 'uids the graph does not know are ignored',
    objects: [],
    uids: ['uid-nothing'],
    want: [],
  },
];

describe('planGarbageCollection', () => {
  for (const c of cases) {
    test(c.name, () => {
      const before = JSON.stringify(c.objects);
      const plan = planGarbageCollection(graphOf(c.objects), c.uids);
      assert.deepEqual(summary(plan).sort(), [...c.want].sort());
      assert.equal(JSON.stringify(c.objects), before, 'inputs must not be mutated');
    });
  }

  test('deletes and list rewrites carry what the controller needs to write safely', () => {
    const graph = graphOf([rs, obj('pods', 'p', { resourceVersion: '42', ownerReferences: [ownedBy(rs), ownedBy(deploy)] })]);
    const [unown] = planGarbageCollection(graph, ['uid-p']).removeOwnerReferences;
    assert.equal(unown?.resourceVersion, '42');
    assert.deepEqual(unown?.absentOwners, [{ kind: kindOfResource('deployments'), namespace: 'default', name: 'web', uid: 'uid-web' }]);

    const gone = graphOf([obj('pods', 'q', { ownerReferences: [ownedBy(obj('nodes', 'n1'))] })]);
    const [del] = planGarbageCollection(gone, ['uid-q']).delete;
    assert.deepEqual(del?.ref, { resource: 'pods', namespace: 'default', name: 'q', uid: 'uid-q' });
    assert.deepEqual(del?.absentOwners, [{ kind: kindOfResource('nodes'), namespace: undefined, name: 'n1', uid: 'uid-n1' }]);
  });
});

describe('OwnershipGraph', () => {
  test('dependents stay indexed under an owner that is gone', () => {
    const graph = graphOf([rs, obj('pods', 'p', { ownerReferences: [ownedBy(rs)] })]);
    assert.deepEqual(graph.dependentsOf('uid-rs').map((n) => n.name), ['p']);
    const removed = graph.remove('uid-rs');
    assert.deepEqual(graph.dependentsOf('uid-rs').map((n) => n.name), ['p']);
    assert.deepEqual(graph.affectedBy('uid-rs', removed, undefined).sort(), ['uid-p', 'uid-rs']);
  });

  test('a changed ownerReference list moves the dependent between owners', () => {
    const graph = graphOf([rs, deploy, obj('pods', 'p', { ownerReferences: [ownedBy(rs)] })]);
    const moved = graphNodeOf(kindOfResource('pods'), obj('pods', 'p', { ownerReferences: [ownedBy(deploy)] }));
    assert.ok(moved);
    const previous = graph.upsert(moved);
    assert.deepEqual(graph.dependentsOf('uid-rs'), []);
    assert.deepEqual(graph.dependentsOf('uid-web').map((n) => n.name), ['p']);
    assert.deepEqual(graph.affectedBy('uid-p', previous, moved).sort(), ['uid-p', 'uid-rs', 'uid-web']);
  });

  test('a dependent in another namespace is not a dependent of a namespaced owner', () => {
    const graph = graphOf([rs, obj('pods', 'p', { namespace: 'other', ownerReferences: [ownedBy(rs)] })]);
    assert.deepEqual(graph.dependentsOf('uid-rs'), []);
  });
});
