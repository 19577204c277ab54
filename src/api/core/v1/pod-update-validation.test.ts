import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldError } from '../../field-errors.ts';
import type { Pod, PodTemplateSpec } from './pod.ts';
import { defaultPod, defaultPodTemplateSpec } from './pod-defaults.ts';
import {
  UPDATABLE_POD_SPEC_FIELDS,
  validatePodTemplateSpec,
  validatePodUpdate,
  validateTemplateRestartPolicyAlways,
} from './pod-validation.ts';

type Spec = NonNullable<Pod['spec']>;
type Expected = Pick<FieldError, 'type' | 'field' | 'message'>;

const err = (type: FieldError['type'], field: string, message: string): Expected => ({ type, field, message });
const brief = (errors: readonly FieldError[]): Expected[] => errors.map(({ type, field, message }) => ({ type, field, message }));

const stored: Pod = defaultPod({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default', uid: 'u-1', resourceVersion: '7', labels: { app: 'web' } },
  spec: {
    initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['true'] }],
    containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    activeDeadlineSeconds: 600,
  },
});

/** The stored Pod with a change applied, as a client would PUT it. */
function updated(change: (pod: Pod & { spec: Spec }) => void): Pod {
  const next = structuredClone(stored) as Pod & { spec: Spec };
  change(next);
  return next;
}

const forbiddenSpecPrefix = `Forbidden: pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n`;

describe('validatePodUpdate: allowed changes', () => {
  const cases: [name: string, change: (pod: Pod & { spec: Spec }) => void][] = [
    ['no change', () => {}],
    ['labels and annotations', (p) => (p.metadata = { ...p.metadata, labels: { app: 'web', tier: 'front' }, annotations: { a: 'b' } })],
    ['a container image', (p) => ((p.spec.containers?.[0] ?? {}).image = 'nginx:1.27')],
    ['an init container image', (p) => ((p.spec.initContainers?.[0] ?? {}).image = 'busybox:1.37')],
    ['activeDeadlineSeconds lowered', (p) => (p.spec.activeDeadlineSeconds = 300)],
    ['a toleration added', (p) => p.spec.tolerations?.push({ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' })],
    ['tolerationSeconds changed', (p) => ((p.spec.tolerations?.[0] ?? {}).tolerationSeconds = 60)],
  ];
  for (const [name, change] of cases) {
    it(name, () => assert.deepEqual(brief(validatePodUpdate(updated(change), stored)), []));
  }

  it('scheduling gates may be removed', () => {
    const gated = updated((p) => (p.spec.schedulingGates = [{ name: 'example.com/a' }, { name: 'example.com/b' }]));
    const fewer = structuredClone(gated);
    fewer.spec?.schedulingGates?.pop();
    assert.deepEqual(brief(validatePodUpdate(fewer, gated)), []);
  });

  it('a gated Pod may gain nodeSelector terms', () => {
    const gated = updated((p) => (p.spec.schedulingGates = [{ name: 'example.com/a' }]));
    const next = structuredClone(gated);
    if (next.spec) next.spec.nodeSelector = { zone: 'a' };
    assert.deepEqual(brief(validatePodUpdate(next, gated)), []);
  });
});

describe('validatePodUpdate: forbidden changes', () => {
  it('changing any other spec field is forbidden, with upstream message', () => {
    const errors = validatePodUpdate(
      updated((p) => (p.spec.terminationGracePeriodSeconds = 10)),
      stored,
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.type, 'FieldValueForbidden');
    assert.equal(errors[0]?.field, 'spec');
    assert.ok(errors[0]?.message.startsWith(forbiddenSpecPrefix), errors[0]?.message);
    assert.ok(errors[0]?.message.endsWith('- spec.terminationGracePeriodSeconds: 30\n+ spec.terminationGracePeriodSeconds: 10'));
  });

  it('the message names exactly the updatable fields', () => {
    assert.equal(
      forbiddenSpecPrefix,
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
    );
  });

  it('a negative grace period may be set to 1', () => {
    const old = updated((p) => (p.spec.terminationGracePeriodSeconds = -1));
    const next = structuredClone(old);
    if (next.spec) next.spec.terminationGracePeriodSeconds = 1;
    assert.deepEqual(brief(validatePodUpdate(next, old)), []);
  });

  it('container ports are immutable', () => {
    const errors = validatePodUpdate(updated((p) => ((p.spec.containers?.[0] ?? {}).ports = [{ containerPort: 8080, protocol: 'TCP' }])), stored);
    assert.deepEqual(errors.map((e) => e.field), ['spec']);
    assert.ok(errors[0]?.message.includes('- spec.containers[0].ports[0].containerPort: 80\n+ spec.containers[0].ports[0].containerPort: 8080'));
  });

  it('containers may not be added or removed', () => {
    assert.deepEqual(brief(validatePodUpdate(updated((p) => p.spec.containers?.push({ ...(p.spec.containers[0] ?? {}), name: 'two' })), stored)), [
      err('FieldValueForbidden', 'spec.containers', 'Forbidden: pod updates may not add or remove containers'),
    ]);
  });

  it('the image may not be removed', () => {
    assert.deepEqual(brief(validatePodUpdate(updated((p) => ((p.spec.containers?.[0] ?? {}).image = '')), stored)), [
      err('FieldValueRequired', 'spec.containers[0].image', 'Required value'),
      err('FieldValueRequired', 'spec.containers[0].image', 'Required value'),
    ]);
  });

  it('activeDeadlineSeconds may not grow', () => {
    assert.deepEqual(brief(validatePodUpdate(updated((p) => (p.spec.activeDeadlineSeconds = 900)), stored)), [
      err('FieldValueInvalid', 'spec.activeDeadlineSeconds', 'Invalid value: 900: must be less than or equal to previous value'),
    ]);
  });

  it('activeDeadlineSeconds may not be removed', () => {
    assert.deepEqual(brief(validatePodUpdate(updated((p) => delete p.spec.activeDeadlineSeconds), stored)), [
      err('FieldValueInvalid', 'spec.activeDeadlineSeconds', 'Invalid value: "null": must not update from a positive integer to nil value'),
    ]);
  });

  it('an existing toleration may not be changed', () => {
    assert.deepEqual(brief(validatePodUpdate(updated((p) => ((p.spec.tolerations?.[0] ?? {}).key = 'node.kubernetes.io/unreachable')), stored)), [
      err('FieldValueForbidden', 'spec.tolerations', 'Forbidden: existing toleration can not be modified except its tolerationSeconds'),
    ]);
  });

  it('scheduling gates may not be added', () => {
    const gated = updated((p) => (p.spec.schedulingGates = [{ name: 'example.com/a' }]));
    const more = structuredClone(gated);
    more.spec?.schedulingGates?.push({ name: 'example.com/b' });
    assert.deepEqual(brief(validatePodUpdate(more, gated)), [
      err('FieldValueForbidden', 'spec.schedulingGates[1].name', "Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'"),
    ]);
  });

  it('a gated Pod may not change an existing nodeSelector term', () => {
    const gated = updated((p) => {
      p.spec.schedulingGates = [{ name: 'example.com/a' }];
      p.spec.nodeSelector = { zone: 'a' };
    });
    const next = structuredClone(gated);
    if (next.spec) next.spec.nodeSelector = { zone: 'b' };
    assert.deepEqual(brief(validatePodUpdate(next, gated)), [
      err(
        'FieldValueInvalid',
        'spec.nodeSelector',
        'Invalid value: map[string]string{"zone":"b"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)',
      ),
    ]);
  });

  it('metadata rules apply: the name is immutable', () => {
    assert.deepEqual(brief(validatePodUpdate(updated((p) => (p.metadata = { ...p.metadata, name: 'web-2' })), stored)), [
      err('FieldValueInvalid', 'metadata.name', 'Invalid value: "web-2": field is immutable'),
    ]);
  });
});

describe('validatePodTemplateSpec', () => {
  const template: PodTemplateSpec = defaultPodTemplateSpec({
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
  });

  it('a valid template', () => assert.deepEqual(brief(validatePodTemplateSpec(template, 'spec.template')), []));

  it('paths are under the template, and a template may leave the image empty only to fail', () => {
    const t = structuredClone(template);
    const c = t.spec?.containers?.[0];
    if (c) c.image = '';
    assert.deepEqual(brief(validatePodTemplateSpec(t, 'spec.template')), [
      err('FieldValueRequired', 'spec.template.spec.containers[0].image', 'Required value'),
    ]);
  });

  it('with hostNetwork a template may leave hostPort 0', () => {
    const t = structuredClone(template);
    if (t.spec) t.spec.hostNetwork = true;
    assert.deepEqual(brief(validatePodTemplateSpec(t, 'spec.template')), []);
  });

  it('template labels are validated', () => {
    const t = structuredClone(template);
    if (t.metadata) t.metadata.labels = { app: 'bad value' };
    assert.equal(validatePodTemplateSpec(t, 'spec.template')[0]?.field, 'spec.template.labels');
  });

  it('ephemeral containers are not allowed', () => {
    const t = structuredClone(template);
    if (t.spec) t.spec.ephemeralContainers = [{ name: 'dbg', image: 'busybox', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }];
    assert.deepEqual(brief(validatePodTemplateSpec(t, 'spec.template')), [
      err('FieldValueForbidden', 'spec.template.spec.ephemeralContainers', 'Forbidden: ephemeral containers not allowed in pod template'),
    ]);
  });

  it('restartPolicy Always helper for ReplicaSet and Deployment templates', () => {
    assert.deepEqual(brief(validateTemplateRestartPolicyAlways(template, 'spec.template')), []);
    const t = structuredClone(template);
    if (t.spec) t.spec.restartPolicy = 'OnFailure';
    assert.deepEqual(brief(validateTemplateRestartPolicyAlways(t, 'spec.template')), [
      err('FieldValueNotSupported', 'spec.template.spec.restartPolicy', 'Unsupported value: "OnFailure": supported values: "Always"'),
    ]);
  });
});
