import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Namespace, NamespaceCondition } from '../../api/core/v1/namespace.ts';
import {
  needsContentDeletion,
  planContentDeletion,
  planNamespaceDeletion,
  type ContentItem,
  type NamespacedResource,
  type ResourceContents,
} from './plan.ts';

const DELETED_AT = '2024-05-01T10:00:00Z';
const T0 = Date.parse(DELETED_AT);

const pods: NamespacedResource = { group: '', version: 'v1', resource: 'pods' };
const configmaps: NamespacedResource = { group: '', version: 'v1', resource: 'configmaps' };
const replicasets: NamespacedResource = { group: 'apps', version: 'v1', resource: 'replicasets' };

function namespace(meta: Partial<NonNullable<Namespace['metadata']>> = {}, finalizers = ['kubernetes'], conditions?: NamespaceCondition[]): Namespace {
  return {
    metadata: { name: 'team', uid: 'uid-team', deletionTimestamp: DELETED_AT, ...meta },
    spec: { finalizers },
    status: { phase: 'Terminating', ...(conditions ? { conditions } : {}) },
  };
}

function item(name: string, extra: Partial<ContentItem> & { finalizers?: string[]; deleting?: boolean } = {}): ContentItem {
  return {
    metadata: {
      name,
      uid: `uid-${name}`,
      ...(extra.deleting ? { deletionTimestamp: DELETED_AT } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    ...(extra.spec ? { spec: extra.spec } : {}),
    ...(extra.status ? { status: extra.status } : {}),
  };
}

function conditionsByType(conditions: readonly NamespaceCondition[] | undefined): Record<string, string> {
  return Object.fromEntries((conditions ?? []).map((c) => [c.type, `${c.status} ${c.reason ?? ''}: ${c.message ?? ''}`]));
}

describe('needsContentDeletion', () => {
  test('only a namespace being deleted that still has the kubernetes finalizer', () => {
    assert.equal(needsContentDeletion(namespace()), true);
    assert.equal(needsContentDeletion(namespace({ deletionTimestamp: undefined })), false);
    assert.equal(needsContentDeletion(namespace({}, [])), false);
    assert.equal(needsContentDeletion(namespace({}, ['example.com/other'])), false);
  });
});

describe('planContentDeletion', () => {
  test('every object not already terminating, across resources', () => {
    const deletes = planContentDeletion([
      { resource: pods, items: [item('a'), item('b', { deleting: true })] },
      { resource: configmaps, items: [item('c')] },
      { resource: replicasets, items: [] },
    ]);
    assert.deepEqual(
      deletes.map((d) => `${d.resource.resource}/${d.name}@${d.uid}`),
      ['pods/a@uid-a', 'configmaps/c@uid-c'],
    );
  });
});

interface Case {
  name: string;
  namespace?: Namespace;
  remaining: ResourceContents[];
  errors?: string[];
  now?: number;
  outcome: unknown;
  conditions?: Record<string, string>;
}

const ALL_OK = {
  NamespaceDeletionDiscoveryFailure: 'False ResourcesDiscovered: All resources successfully discovered',
  NamespaceDeletionGroupVersionParsingFailure: 'False ParsedGroupVersions: All legacy kube types successfully parsed',
  NamespaceDeletionContentFailure: 'False ContentDeleted: All content successfully deleted, may be waiting on finalization',
  NamespaceContentRemaining: 'False ContentRemoved: All content successfully removed',
  NamespaceFinalizersRemaining: 'False ContentHasNoFinalizers: All content-preserving finalizers finished',
};

const cases: Case[] = [
  {
    name: 'empty: finalize, removing only the kubernetes finalizer',
    namespace: namespace({}, ['kubernetes', 'example.com/z', 'example.com/a']),
    remaining: [{ resource: pods, items: [] }],
    outcome: { finalize: ['example.com/a', 'example.com/z'] },
    conditions: ALL_OK,
  },
  {
    name: 'pods within their grace period: wait for the longest one',
    remaining: [
      {
        resource: pods,
        items: [
          item('a', { deleting: true, spec: { terminationGracePeriodSeconds: 30 } }),
          item('b', { deleting: true, spec: { terminationGracePeriodSeconds: 60 } }),
          item('done', { deleting: true, spec: { terminationGracePeriodSeconds: 600 }, status: { phase: 'Succeeded' } }),
        ],
      },
    ],
    now: T0 + 10_000,
    outcome: { waitSeconds: 60 },
    conditions: { ...ALL_OK, NamespaceContentRemaining: 'True SomeResourcesRemain: Some resources are remaining: pods. has 3 resource instances' },
  },
  {
    name: 'pods past their grace period and no finalizers: a failure to retry',
    remaining: [{ resource: pods, items: [item('a', { deleting: true, spec: { terminationGracePeriodSeconds: 30 } })] }],
    now: T0 + 31_000,
    outcome: { retry: 'unexpected items still remain in namespace: team for gvr: /v1, Resource=pods' },
    conditions: {
      ...ALL_OK,
      NamespaceDeletionContentFailure:
        'True ContentDeletionFailed: Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: team for gvr: /v1, Resource=pods',
      NamespaceContentRemaining: 'True SomeResourcesRemain: Some resources are remaining: pods. has 1 resource instances',
    },
  },
  {
    name: 'objects held by finalizers: the default 15 s estimate',
    remaining: [
      { resource: configmaps, items: [item('c', { deleting: true, finalizers: ['example.com/hold'] })] },
      { resource: replicasets, items: [item('r1', { deleting: true, finalizers: ['foregroundDeletion'] }), item('r2', { deleting: true, finalizers: ['foregroundDeletion'] })] },
    ],
    outcome: { waitSeconds: 15 },
    conditions: {
      ...ALL_OK,
      NamespaceContentRemaining:
        'True SomeResourcesRemain: Some resources are remaining: configmaps. has 1 resource instances, replicasets.apps has 2 resource instances',
      NamespaceFinalizersRemaining:
        'True SomeFinalizersRemain: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances, foregroundDeletion in 2 resource instances',
    },
  },
  {
    name: 'failed deletes are reported and retried even when nothing is listed',
    remaining: [],
    errors: ['configmaps is forbidden', 'a timeout'],
    outcome: { retry: 'a timeout, configmaps is forbidden' },
    conditions: {
      ...ALL_OK,
      NamespaceDeletionContentFailure: 'True ContentDeletionFailed: Failed to delete all resource types, 2 remaining: a timeout, configmaps is forbidden',
    },
  },
];

describe('planNamespaceDeletion', () => {
  for (const c of cases) {
    test(c.name, () => {
      const ns = c.namespace ?? namespace();
      const before = JSON.stringify([ns, c.remaining]);
      const plan = planNamespaceDeletion(ns, c.remaining, c.errors ?? [], c.now ?? T0 + 1000);
      assert.deepEqual(plan.outcome, c.outcome);
      if (c.conditions) assert.deepEqual(conditionsByType(plan.conditions), c.conditions);
      assert.equal(JSON.stringify([ns, c.remaining]), before, 'inputs must not be mutated');
    });
  }

  test('conditions already as wanted are not rewritten; a status flip moves lastTransitionTime only there', () => {
    const first = planNamespaceDeletion(namespace(), [{ resource: pods, items: [] }], [], T0);
    assert.ok(first.conditions);
    const settled = namespace({}, ['kubernetes'], first.conditions);
    assert.equal(planNamespaceDeletion(settled, [], [], T0 + 5000).conditions, undefined);

    const later = planNamespaceDeletion(settled, [{ resource: configmaps, items: [item('c', { finalizers: ['x/y'] })] }], [], T0 + 5000);
    const byType = new Map(later.conditions?.map((c) => [c.type, c]));
    assert.equal(byType.get('NamespaceContentRemaining')?.status, 'True');
    assert.equal(byType.get('NamespaceContentRemaining')?.lastTransitionTime, '2024-05-01T10:00:05Z');
    assert.equal(byType.get('NamespaceDeletionDiscoveryFailure')?.lastTransitionTime, DELETED_AT);
  });
});
