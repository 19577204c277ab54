// Apply conflicts: the exact 409 kubectl prints, forcing, kubectl's client-side → server-side
// migration, and conflicts created by ordinary updates taking fields from an applier.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../patch/json-value.ts';
import { LAST_APPLIED_ANNOTATION } from './last-applied.ts';
import { apply, contentOf, deployment, fieldsOf, managersOf, service, T0, T1, T2, update } from './testdata/objects.ts';

interface StatusShape {
  code: number;
  reason: string;
  message: string;
  details?: { causes?: { reason: string; message: string; field: string }[] };
}

function conflictOf(fn: () => unknown): StatusShape {
  try {
    fn();
  } catch (error) {
    const status = (error as { status?: StatusShape }).status;
    if (status) return status;
    throw error;
  }
  assert.fail('expected a conflict');
}

/** A Deployment created and last changed by client-side `kubectl apply` (an Update manager). */
function clientSideApplied(replicas: number, annotation?: JsonObject): JsonObject {
  const manifest = deployment({ replicas });
  if (annotation) (manifest['metadata'] as JsonObject)['annotations'] = { [LAST_APPLIED_ANNOTATION]: `${JSON.stringify(annotation)}\n` };
  return update(undefined, manifest, 'kubectl-client-side-apply').object;
}

interface ConflictCase {
  name: string;
  live: () => JsonObject;
  config: JsonObject;
  message: string;
  causes: [message: string, field: string][];
}

const conflictCases: ConflictCase[] = [
  {
    name: 'one field owned by a client-side-apply Update manager',
    live: () => clientSideApplied(3),
    config: deployment({ replicas: 5 }),
    message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    causes: [['conflict with "kubectl-client-side-apply" using apps/v1', '.spec.replicas']],
  },
  {
    name: 'a core kind names its version v1',
    live: () => update(undefined, service({ ports: [{ port: 80, targetPort: 8080 }] }), 'kubectl-client-side-apply').object,
    config: service({ ports: [{ port: 80, targetPort: 9090 }] }),
    message:
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.ports[port=80,protocol="TCP"].targetPort',
    causes: [['conflict with "kubectl-client-side-apply" using v1', '.spec.ports[port=80,protocol="TCP"].targetPort']],
  },
  {
    name: 'several fields, grouped by manager (sorted), each field on its own line',
    live: () => {
      const created = clientSideApplied(3);
      const labelled = { ...created, metadata: { ...(created['metadata'] as JsonObject), labels: { app: 'other' } } };
      return update(created, labelled, 'kubectl-label', { now: T1 }).object;
    },
    config: deployment({ replicas: 5, image: 'nginx:1.28' }),
    message:
      'Apply failed with 3 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n' +
      '- .spec.replicas\n' +
      '- .spec.template.spec.containers[name="web"].image\n' +
      'conflicts with "kubectl-label" using apps/v1:\n' +
      '- .metadata.labels.app',
    causes: [
      ['conflict with "kubectl-client-side-apply" using apps/v1', '.spec.replicas'],
      ['conflict with "kubectl-client-side-apply" using apps/v1', '.spec.template.spec.containers[name="web"].image'],
      ['conflict with "kubectl-label" using apps/v1', '.metadata.labels.app'],
    ],
  },
  {
    name: 'another applier is named without a version',
    live: () => apply(undefined, deployment({ replicas: 3 }), 'argocd-controller').object,
    config: deployment({ replicas: 5 }),
    message: 'Apply failed with 1 conflict: conflict with "argocd-controller": .spec.replicas',
    causes: [['conflict with "argocd-controller"', '.spec.replicas']],
  },
];

describe('applyObject: conflicts', () => {
  for (const c of conflictCases) {
    it(c.name, () => {
      const status = conflictOf(() => apply(c.live(), c.config, 'kubectl', { now: T2 }));
      assert.deepEqual(status, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: c.message,
        reason: 'Conflict',
        details: { causes: c.causes.map(([message, field]) => ({ reason: 'FieldManagerConflict', message, field })) },
        code: 409,
      });
    });
  }

  it('applying the value another manager already set is no conflict: the field becomes shared', () => {
    const shared = apply(clientSideApplied(3), deployment({ replicas: 3 }), 'kubectl', { now: T1 });
    assert.deepEqual(managersOf(shared), ['kubectl/Apply', 'kubectl-client-side-apply/Update']);
    const csa = fieldsOf(shared, 'kubectl-client-side-apply') as { 'f:spec': object };
    assert.ok('f:replicas' in csa['f:spec']);
  });

  it('force takes the conflicting fields: the value changes and the other manager loses them', () => {
    const forced = apply(clientSideApplied(3), deployment({ replicas: 5 }), 'kubectl', { force: true, now: T1 });
    assert.equal((contentOf(forced)['spec'] as JsonObject)['replicas'], 5);
    const csa = fieldsOf(forced, 'kubectl-client-side-apply') as { 'f:spec': object };
    assert.ok(!('f:replicas' in csa['f:spec']));
    assert.ok('f:replicas' in (fieldsOf(forced, 'kubectl') as { 'f:spec': object })['f:spec']);
  });

  it('a field a manager lost to force stays with the winner on the next non-forced apply', () => {
    const forced = apply(clientSideApplied(3), deployment({ replicas: 5 }), 'kubectl', { force: true, now: T1 });
    assert.doesNotThrow(() => apply(forced.object, deployment({ replicas: 7 }), 'kubectl', { now: T2 }));
  });
});

describe('applyObject: moving from client-side to server-side apply', () => {
  it('kubectl takes over fields still as last client-side-applied, without force, and keeps the annotation current', () => {
    const live = clientSideApplied(3, deployment({ replicas: 3 }));
    const result = apply(live, deployment({ replicas: 5 }), 'kubectl', { now: T1 });
    assert.equal((contentOf(result)['spec'] as JsonObject)['replicas'], 5);
    const annotation = ((contentOf(result)['metadata'] as JsonObject)['annotations'] as JsonObject)[LAST_APPLIED_ANNOTATION];
    assert.equal(
      annotation,
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"web"},"name":"web","namespace":"default"},' +
        '"spec":{"replicas":5,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},' +
        '"spec":{"containers":[{"image":"nginx:1.27","name":"web","ports":[{"containerPort":80}]}]}}}}\n',
    );
  });

  it('a field changed since the last client-side apply still conflicts, alone', () => {
    const live = clientSideApplied(3, deployment({ replicas: 2 }));
    const status = conflictOf(() => apply(live, deployment({ replicas: 5, image: 'nginx:1.28' }), 'kubectl', { now: T1 }));
    assert.equal(status.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
  });

  it('only the applier named kubectl gets this', () => {
    const live = clientSideApplied(3, deployment({ replicas: 3 }));
    assert.equal(conflictOf(() => apply(live, deployment({ replicas: 5 }), 'my-tool', { now: T1 })).code, 409);
  });
});

describe('applyObject after tracked updates', () => {
  it('an update takes the fields it changes from the applier, so the next apply conflicts', () => {
    const applied = apply(undefined, deployment({ replicas: 2 }), 'kubectl', { now: T0 });
    const scaled = update(applied.object, { ...applied.object, spec: { ...(applied.object['spec'] as JsonObject), replicas: 4 } }, 'kubectl-edit', { now: T1 });
    assert.deepEqual(managersOf(scaled), ['kubectl/Apply', 'kubectl-edit/Update']);
    assert.deepEqual(fieldsOf(scaled, 'kubectl-edit'), { 'f:spec': { 'f:replicas': {} } });
    assert.ok(!('f:replicas' in (fieldsOf(scaled, 'kubectl') as { 'f:spec': object })['f:spec']));

    const status = conflictOf(() => apply(scaled.object, deployment({ replicas: 2 }), 'kubectl', { now: T2 }));
    assert.equal(status.message, 'Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas');
    assert.doesNotThrow(() => apply(scaled.object, deployment({ replicas: 4 }), 'kubectl', { now: T2 }));
  });

  it('dropping a field the applier no longer owns leaves it to its updater', () => {
    const applied = apply(undefined, deployment({ labels: { app: 'web', tier: 'front' } }), 'kubectl');
    const relabelled = update(
      applied.object,
      { ...applied.object, metadata: { ...(applied.object['metadata'] as JsonObject), labels: { app: 'web', tier: 'back' } } },
      'kubectl-label',
      { now: T1 },
    );
    const reapplied = apply(relabelled.object, deployment(), 'kubectl', { now: T2 });
    assert.deepEqual((contentOf(reapplied)['metadata'] as JsonObject)['labels'], { app: 'web', tier: 'back' });
  });
});
