// Tracking of non-apply writes: what a create or update owns, what it takes from others, and
// how managedFields sent by the client are honoured.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../patch/json-value.ts';
import { fieldManagerFromUserAgent, MAX_UPDATE_MANAGERS } from './managers.ts';
import { apply, contentOf, deployment, fieldsOf, managersOf, service, T0, T1, T2, update } from './testdata/objects.ts';
import { deploymentSchema } from './testdata/schemas.ts';
import { updateManagedFields } from './update.ts';

const withLabels = (object: JsonObject, labels: JsonObject): JsonObject => ({
  ...object,
  metadata: { ...(object['metadata'] as JsonObject), labels },
});

describe('updateManagedFields: create', () => {
  it('owns what it sets as a real cluster records it: maps and omitempty lists as nodes, structs and containers not', () => {
    const created = update(undefined, deployment(), 'kubectl-create');
    assert.deepEqual(created.managedFields, [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T0,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    assert.deepEqual(contentOf(created), deployment());
  });

  it('a Service create owns its ports list and selector', () => {
    const created = update(undefined, service({ selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP' }] }), 'kubectl-create');
    assert.deepEqual(fieldsOf(created, 'kubectl-create'), {
      'f:spec': { 'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} } }, 'f:selector': {} },
    });
  });

  it('server-maintained metadata and reset fields are never owned', () => {
    const object = {
      ...service({ ports: [{ port: 80 }] }, { uid: 'u1', resourceVersion: '7', generation: 1, creationTimestamp: T0 }),
      status: { loadBalancer: {} },
    };
    const created = update(undefined, object, 'kubectl-create', { ignoredFields: [['status']] });
    assert.deepEqual(Object.keys(fieldsOf(created, 'kubectl-create') as object), ['f:spec']);
  });
});

describe('updateManagedFields: update', () => {
  const created = update(undefined, deployment(), 'kubectl-create');

  it('owns only what changed and takes it from the previous owner', () => {
    const relabelled = update(created.object, withLabels(created.object, { app: 'web', tier: 'front' }), 'kubectl-label', { now: T1 });
    assert.deepEqual(managersOf(relabelled), ['kubectl-create/Update', 'kubectl-label/Update']);
    assert.deepEqual(fieldsOf(relabelled, 'kubectl-label'), { 'f:metadata': { 'f:labels': { 'f:tier': {} } } });
    const changed = update(relabelled.object, withLabels(relabelled.object, { app: 'api', tier: 'front' }), 'kubectl-label', { now: T2 });
    assert.deepEqual(fieldsOf(changed, 'kubectl-label'), { 'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } } });
    const creator = fieldsOf(changed, 'kubectl-create') as { 'f:metadata': { 'f:labels': object } };
    // The creator keeps owning the labels map itself, now a leaf of its set.
    assert.deepEqual(creator['f:metadata']['f:labels'], {});
    assert.equal(changed.managedFields.find((e) => e.manager === 'kubectl-label')?.time, T2);
  });

  it('removed fields leave every manager, and managers left with nothing are dropped', () => {
    const labelled = update(created.object, withLabels(created.object, { app: 'web', tier: 'front' }), 'kubectl-label', { now: T1 });
    const unlabelled = update(labelled.object, withLabels(labelled.object, { app: 'web' }), 'kubectl-edit', { now: T2 });
    assert.deepEqual(managersOf(unlabelled), ['kubectl-create/Update']);
  });

  it('a write that changes nothing tracked leaves managedFields alone', () => {
    const touched = { ...created.object, metadata: { ...(created.object['metadata'] as JsonObject), resourceVersion: '8', generation: 2 } };
    const result = update(created.object, touched, 'kubectl-edit', { now: T1 });
    assert.deepEqual(result.managedFields, created.managedFields);
  });

  it('one entry per manager and version; Apply entries sort first, then oldest first', () => {
    const applied = apply(created.object, deployment({ replicas: 2, labels: { app: 'web', owner: 'me' } }), 'kubectl', { now: T2 });
    const scaled = update(applied.object, { ...applied.object, spec: { ...(applied.object['spec'] as JsonObject), replicas: 3 } }, 'kubectl-scale', { now: T1 });
    assert.deepEqual(managersOf(scaled), ['kubectl/Apply', 'kubectl-create/Update', 'kubectl-scale/Update']);
  });
});

describe('updateManagedFields: managedFields sent by the client', () => {
  const created = update(undefined, deployment(), 'kubectl-create');
  const meta = (o: JsonObject) => o['metadata'] as JsonObject;

  for (const reset of [[], [{}]]) {
    it(`${JSON.stringify(reset)} resets tracking to this write alone`, () => {
      const next = { ...created.object, metadata: { ...meta(created.object), managedFields: reset, labels: { app: 'web', x: 'y' } } };
      const result = update(created.object, next, 'kubectl-edit', { now: T1 });
      assert.deepEqual(managersOf(result), ['kubectl-edit/Update']);
      assert.deepEqual(fieldsOf(result, 'kubectl-edit'), { 'f:metadata': { 'f:labels': { 'f:x': {} } } });
    });
  }

  it('valid entries replace the stored ones; unreadable or absent ones fall back to them', () => {
    const custom = [{ manager: 'someone', operation: 'Update', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
    const given = update(created.object, { ...created.object, metadata: { ...meta(created.object), managedFields: custom } }, 'x', { now: T1 });
    assert.deepEqual(given.managedFields, custom);
    const broken = [{ manager: 'someone', operation: 'Patch', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' }];
    const fallback = update(created.object, { ...created.object, metadata: { ...meta(created.object), managedFields: broken } }, 'x', { now: T1 });
    assert.deepEqual(fallback.managedFields, created.managedFields);
  });

  it('subresource writes use the stored entries and are recorded with their subresource', () => {
    const status = { ...created.object, metadata: { ...meta(created.object), managedFields: [] }, status: { replicas: 2 } };
    const result = updateStatus(created.object, status);
    assert.deepEqual(managersOf(result), ['kubectl-create/Update', 'controller/Update']);
    assert.equal(result.managedFields[1]?.subresource, 'status');
  });
});

describe('updateManagedFields: bounded history', () => {
  it(`folds the oldest update managers beyond ${MAX_UPDATE_MANAGERS} into ancient-changes`, () => {
    let object = update(undefined, service({ ports: [{ port: 80 }] }), 'creator').object;
    for (let i = 1; i <= 11; i++) {
      const now = `2025-01-01T00:${String(i).padStart(2, '0')}:00Z`;
      object = update(object, withLabels(object, { ...((object['metadata'] as JsonObject)['labels'] as JsonObject), [`l${i}`]: 'x' }), `writer-${i}`, { now }).object;
    }
    const managers = ((object['metadata'] as JsonObject)['managedFields'] as JsonObject[]).map((e) => e['manager']);
    assert.equal(managers.length, MAX_UPDATE_MANAGERS);
    assert.deepEqual(managers.slice(0, 2), ['ancient-changes', 'writer-3']);
  });
});

describe('fieldManagerFromUserAgent', () => {
  const cases: [string | undefined, string][] = [
    ['kubectl/v1.32.5 (linux/amd64) kubernetes/abc1234', 'kubectl'],
    ['kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/abc/system:serviceaccount:kube-system:deployment-controller', 'kube-controller-manager'],
    ['my\u0007tool/1.0', 'mytool'],
    ['', 'unknown'],
    [undefined, 'unknown'],
    ['x'.repeat(200), 'x'.repeat(128)],
  ];
  for (const [ua, want] of cases) it(`${JSON.stringify(ua)?.slice(0, 40)} → ${want.slice(0, 20)}`, () => assert.equal(fieldManagerFromUserAgent(ua), want));
});

function updateStatus(before: JsonObject, after: JsonObject) {
  return updateManagedFields(before, after, 'controller', 'Update', { schema: deploymentSchema, apiVersion: 'apps/v1', now: T1, subresource: 'status' });
}
