import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultDeployment, defaultReplicaSet } from './defaults.ts';
import type { Deployment, DeploymentSpec } from './deployment.ts';
import type { ReplicaSet } from './replicaset.ts';

// What SetDefaults_PodSpec gives an empty template; the container defaults come on top.
const TEMPLATE_SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

describe('defaultDeployment', () => {
  const cases: Array<[string, DeploymentSpec | undefined, Partial<DeploymentSpec>]> = [
    [
      'an empty spec gets every apps/v1 default',
      {},
      {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: { spec: TEMPLATE_SPEC_DEFAULTS },
      },
    ],
    [
      'a missing spec is defaulted as an empty one (Go has no nil spec)',
      undefined,
      { replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    ],
    [
      'explicit zeros are kept: only missing pointer fields are defaulted',
      { replicas: 0, revisionHistoryLimit: 0, progressDeadlineSeconds: 0 },
      { replicas: 0, revisionHistoryLimit: 0, progressDeadlineSeconds: 0 },
    ],
    [
      'an empty strategy type becomes RollingUpdate with both limits',
      { strategy: { type: '' } },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } } },
    ],
    [
      'a partial rollingUpdate keeps what was given',
      { strategy: { rollingUpdate: { maxSurge: 1 } } },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } },
    ],
    [
      'zero limits are values, not gaps',
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } } },
    ],
    ['Recreate gets no rollingUpdate', { strategy: { type: 'Recreate' } }, { strategy: { type: 'Recreate' } }],
    [
      'Recreate with a rollingUpdate is left for validation to refuse',
      { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 2 } } },
      { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 2 } } },
    ],
    [
      'the Pod template gets the Pod defaults',
      { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
      {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'c',
                image: 'nginx:1.27',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                imagePullPolicy: 'IfNotPresent',
                terminationMessagePath: '/dev/termination-log',
                terminationMessagePolicy: 'File',
              },
            ],
            ...TEMPLATE_SPEC_DEFAULTS,
          },
        },
      },
    ],
  ];

  for (const [name, spec, expected] of cases) {
    it(name, () => {
      const input: Deployment = spec === undefined ? { metadata: { name: 'd' } } : { metadata: { name: 'd' }, spec };
      const frozen = structuredClone(input);
      const out = defaultDeployment(input);
      for (const [field, value] of Object.entries(expected)) {
        assert.deepEqual(out.spec?.[field as keyof DeploymentSpec], value, field);
      }
      assert.deepEqual(input, frozen, 'the input is not mutated');
    });
  }

  it('leaves metadata and status alone', () => {
    const input: Deployment = { metadata: { name: 'd', labels: { a: 'b' } }, status: { replicas: 2 } };
    const out = defaultDeployment(input);
    assert.deepEqual(out.metadata, input.metadata);
    assert.deepEqual(out.status, input.status);
  });

  it('is idempotent', () => {
    const once = defaultDeployment({ spec: { selector: { matchLabels: { a: 'b' } } } });
    assert.deepEqual(defaultDeployment(once), once);
  });
});

describe('defaultReplicaSet', () => {
  const cases: Array<[string, ReplicaSet, ReplicaSet['spec']]> = [
    ['replicas default to 1', { spec: {} }, { replicas: 1, template: { spec: TEMPLATE_SPEC_DEFAULTS } }],
    ['zero replicas stay zero', { spec: { replicas: 0 } }, { replicas: 0, template: { spec: TEMPLATE_SPEC_DEFAULTS } }],
    ['a missing spec is defaulted', {}, { replicas: 1, template: { spec: TEMPLATE_SPEC_DEFAULTS } }],
    [
      'no Deployment-only fields appear',
      { spec: { replicas: 2, minReadySeconds: 5, selector: { matchLabels: { a: 'b' } } } },
      { replicas: 2, minReadySeconds: 5, selector: { matchLabels: { a: 'b' } }, template: { spec: TEMPLATE_SPEC_DEFAULTS } },
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      const frozen = structuredClone(input);
      assert.deepEqual(defaultReplicaSet(input).spec, expected);
      assert.deepEqual(input, frozen, 'the input is not mutated');
    });
  }
});
