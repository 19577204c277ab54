// The patches the real kubectl sent (testdata/kubectl-requests.json: client-side apply's
// three-way patches, set image, label, patch), applied to the object the server held at the
// time. Each expectation is what kube-apiserver does with that request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { JsonObject } from './json-value.ts';
import { applyMergePatch } from './merge-patch.ts';
import type { PatchSchema } from './schema.ts';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { deploymentSchema, podSchema, serviceSchema } from './testdata/schemas.ts';

interface Step {
  step: string;
  contentType: string;
  live: JsonObject;
  patch: JsonObject;
}

const { steps } = JSON.parse(readFileSync(new URL('./testdata/kubectl-requests.json', import.meta.url), 'utf8')) as { steps: Step[] };
const schemas: Record<string, PatchSchema> = { Deployment: deploymentSchema, Service: serviceSchema, Pod: podSchema };
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

// Loose accessors over plain JSON; the assertions check the shape.
/* eslint-disable @typescript-eslint/no-explicit-any */
const podSpec = (o: any): any => (o.kind === 'Deployment' ? o.spec.template.spec : o.spec);
const container = (o: any, name: string): any => podSpec(o).containers.find((c: any) => c.name === name);
const names = (list: any[] | undefined): unknown[] => (list ?? []).map((item) => item.name);

function apply(step: Step): any {
  if (step.contentType === 'application/merge-patch+json') return applyMergePatch(step.live, step.patch);
  assert.equal(step.contentType, 'application/strategic-merge-patch+json');
  return applyStrategicMergePatch(step.live, step.patch, schemas[step.live['kind'] as string]);
}

const expectations: Record<string, (result: any, step: Step) => void> = {
  'set image web=nginx:1.26 (someone changes the live object)': (r) => {
    assert.equal(container(r, 'web').image, 'nginx:1.26');
    assert.deepEqual(names(podSpec(r).containers), ['web', 'sidecar']);
  },
  'label team=x': (r) => assert.deepEqual(r.metadata.labels, { app: 'web', team: 'x' }),
  'patch: add env LIVE': (r) => {
    // Without $setElementOrder upstream puts a new list item before the existing ones.
    assert.deepEqual(names(container(r, 'web').env), ['LIVE', 'A', 'B', 'C']);
  },
  'apply: drop port 443 (live image was changed by set image)': (r) => {
    assert.deepEqual(container(r, 'web').ports, [{ containerPort: 80, name: 'http', protocol: 'TCP' }]);
    assert.equal(container(r, 'web').image, 'nginx:1.25', 'apply restores the field it manages');
    assert.deepEqual(names(container(r, 'web').env), ['LIVE', 'A', 'B', 'C'], 'server-only env var survives');
    assert.deepEqual(r.metadata.labels, { app: 'web', team: 'x' }, 'label added by someone else survives');
  },
  'apply: drop env B': (r) => {
    assert.deepEqual(container(r, 'web').env, [{ name: 'LIVE', value: 'x' }, { name: 'A', value: '1' }, { name: 'C', value: '3' }]);
  },
  'apply: reorder containers': (r) => {
    assert.deepEqual(names(podSpec(r).containers), ['sidecar', 'web']);
    assert.deepEqual(container(r, 'sidecar'), { name: 'sidecar', image: 'busybox:1', args: ['sleep', '3600'] });
  },
  'apply: strategy Recreate': (r) => assert.deepEqual(r.spec.strategy, { type: 'Recreate' }),
  'apply: add container metrics and env D in the middle': (r) => {
    assert.deepEqual(names(podSpec(r).containers), ['sidecar', 'metrics', 'web']);
    assert.deepEqual(names(container(r, 'web').env), ['LIVE', 'A', 'D', 'C']);
  },
  'apply: drop service port 443 and finalizer example.com/a': (r) => {
    assert.deepEqual(r.spec.ports, [
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 },
    ]);
    assert.deepEqual(r.metadata.finalizers, ['example.com/b']);
  },
  'apply: the same manifest again': (r, step) => {
    // kubectl still sends the $setElementOrder lists; applying them changes nothing.
    assert.deepEqual(r, step.live);
  },
  'apply: switch pod volume data from emptyDir to hostPath': (r) => {
    assert.deepEqual(r.spec.volumes, [
      { name: 'data', hostPath: { path: '/tmp/d' } },
      { name: 'cfg', configMap: { name: 'cfg1' } },
    ]);
  },
};

describe('patches captured from kubectl v1.32', () => {
  it('covers every captured request', () => {
    assert.deepEqual(steps.map((s) => s.step).sort(), Object.keys(expectations).sort());
  });

  for (const step of steps) {
    it(step.step, () => {
      const result = apply(step);
      expectations[step.step]?.(result, step);
      // Client-side apply rewrites its annotation in the same patch.
      const sent = (step.patch as any).metadata?.annotations?.[LAST_APPLIED];
      if (sent !== undefined) assert.equal(result.metadata.annotations[LAST_APPLIED], sent);
      assert.ok(!JSON.stringify(result).includes('"$'), 'no directive key reaches the object');
      assert.equal(result.metadata.name, (step.live as any).metadata.name);
    });
  }
});
