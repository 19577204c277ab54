import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from './deployment.ts';
import { causes, storedDeployment } from './testdata/fixtures.ts';
import { validateDeployment, validateDeploymentStatusUpdate, validateDeploymentUpdate } from './validation.ts';

type Cause = { type: string; field: string; message: string };
type Case = [name: string, change: (d: Deployment) => void, expected: Cause[]];

const invalid = (field: string, message: string): Cause => ({ type: 'FieldValueInvalid', field, message });
const NEGATIVE = 'must be greater than or equal to 0';
const PERCENT =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

function run(cases: Case[], validate: (d: Deployment) => unknown[]): void {
  for (const [name, change, expected] of cases) {
    it(name, () => {
      const deployment = storedDeployment();
      change(deployment);
      assert.deepEqual(causes(validate(deployment) as never), expected);
    });
  }
}

describe('validateDeployment', () => {
  const spec = (d: Deployment) => d.spec ?? (d.spec = {});
  const rollingUpdate = (d: Deployment) => {
    const strategy = (spec(d).strategy ??= {});
    return (strategy.rollingUpdate ??= {});
  };
  const cases: Case[] = [
    ['what kubectl create deployment sends, defaulted, is valid', () => {}, []],
    // metadata
    ['a DNS subdomain name with dots is valid', (d) => (d.metadata = { ...d.metadata, name: 'web.v2' }), []],
    [
      'a name that is no DNS subdomain',
      (d) => (d.metadata = { ...d.metadata, name: 'Web_1' }),
      [
        invalid(
          'metadata.name',
          `Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
        ),
      ],
    ],
    // replicas
    ['zero replicas are valid', (d) => (spec(d).replicas = 0), []],
    ['negative replicas', (d) => (spec(d).replicas = -1), [invalid('spec.replicas', `Invalid value: -1: ${NEGATIVE}`)]],
    // selector
    [
      'a missing selector, which then matches no template either',
      (d) => delete spec(d).selector,
      [
        { type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' },
        invalid('spec.template.metadata.labels', 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'),
      ],
    ],
    [
      'an empty selector',
      (d) => (spec(d).selector = {}),
      [
        invalid(
          'spec.selector',
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
        ),
      ],
    ],
    [
      'a selector of empty lists is still empty',
      (d) => (spec(d).selector = { matchLabels: {}, matchExpressions: [] }),
      [
        invalid(
          'spec.selector',
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement{}}: empty selector is invalid for deployment',
        ),
      ],
    ],
    [
      'a selector that does not match the template labels',
      (d) => (spec(d).selector = { matchLabels: { app: 'api' } }),
      [invalid('spec.template.metadata.labels', 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`')],
    ],
    [
      'a set-based selector that matches',
      (d) => (spec(d).selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }),
      [],
    ],
    [
      'a selector that cannot be parsed skips the template checks',
      (d) => {
        spec(d).selector = { matchExpressions: [{ key: 'app', operator: 'Near', values: ['web'] }] };
        spec(d).template!.spec!.restartPolicy = 'Never';
      },
      [
        invalid('spec.selector.matchExpressions[0].operator', 'Invalid value: "Near": not a valid selector operator'),
        invalid(
          'spec.selector',
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Near", Values:[]string{"web"}}}}: invalid label selector',
        ),
      ],
    ],
    // template
    [
      'restartPolicy must be Always',
      (d) => (spec(d).template!.spec!.restartPolicy = 'OnFailure'),
      [{ type: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "OnFailure": supported values: "Always"' }],
    ],
    [
      'activeDeadlineSeconds is refused',
      (d) => (spec(d).template!.spec!.activeDeadlineSeconds = 30),
      [{ type: 'FieldValueForbidden', field: 'spec.template.spec.activeDeadlineSeconds', message: 'Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported' }],
    ],
    [
      'the Pod template is validated as a template',
      (d) => delete spec(d).template!.spec!.containers![0]!.image,
      [{ type: 'FieldValueRequired', field: 'spec.template.spec.containers[0].image', message: 'Required value' }],
    ],
    // minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds
    ['minReadySeconds below the deadline is valid', (d) => (spec(d).minReadySeconds = 599), []],
    ['negative minReadySeconds', (d) => (spec(d).minReadySeconds = -1), [invalid('spec.minReadySeconds', `Invalid value: -1: ${NEGATIVE}`)]],
    ['a revisionHistoryLimit of 0 is valid', (d) => (spec(d).revisionHistoryLimit = 0), []],
    [
      'negative revisionHistoryLimit',
      (d) => (spec(d).revisionHistoryLimit = -1),
      [invalid('spec.revisionHistoryLimit', `Invalid value: -1: ${NEGATIVE}`)],
    ],
    [
      'progressDeadlineSeconds equal to minReadySeconds',
      (d) => {
        spec(d).minReadySeconds = 10;
        spec(d).progressDeadlineSeconds = 10;
      },
      [invalid('spec.progressDeadlineSeconds', 'Invalid value: 10: must be greater than minReadySeconds')],
    ],
    [
      'negative progressDeadlineSeconds breaks both rules',
      (d) => (spec(d).progressDeadlineSeconds = -1),
      [
        invalid('spec.progressDeadlineSeconds', `Invalid value: -1: ${NEGATIVE}`),
        invalid('spec.progressDeadlineSeconds', 'Invalid value: -1: must be greater than minReadySeconds'),
      ],
    ],
    // strategy
    ['Recreate without rollingUpdate is valid', (d) => (spec(d).strategy = { type: 'Recreate' }), []],
    [
      'Recreate with rollingUpdate',
      (d) => (spec(d).strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }),
      [{ type: 'FieldValueForbidden', field: 'spec.strategy.rollingUpdate', message: "Forbidden: may not be specified when strategy `type` is 'Recreate'" }],
    ],
    [
      'an unknown strategy type',
      (d) => (spec(d).strategy = { type: 'BlueGreen' }),
      [
        {
          type: 'FieldValueNotSupported',
          field: 'spec.strategy',
          message:
            'Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
        },
      ],
    ],
    [
      'RollingUpdate without its parameters (defaulting always adds them)',
      (d) => delete spec(d).strategy!.rollingUpdate,
      [{ type: 'FieldValueRequired', field: 'spec.strategy.rollingUpdate', message: 'Required value: this should be defaulted and never be nil' }],
    ],
    ['maxUnavailable 0 with a surge is valid', (d) => Object.assign(rollingUpdate(d), { maxUnavailable: 0, maxSurge: 1 }), []],
    [
      'maxUnavailable and maxSurge both 0',
      (d) => Object.assign(rollingUpdate(d), { maxUnavailable: 0, maxSurge: '0%' }),
      [invalid('spec.strategy.rollingUpdate.maxUnavailable', 'Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0')],
    ],
    [
      '100% unavailable and a surge above 100% are valid',
      (d) => Object.assign(rollingUpdate(d), { maxUnavailable: '100%', maxSurge: '200%' }),
      [],
    ],
    [
      'maxUnavailable above 100%',
      (d) => Object.assign(rollingUpdate(d), { maxUnavailable: '101%' }),
      [invalid('spec.strategy.rollingUpdate.maxUnavailable', 'Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"101%"}: must not be greater than 100%')],
    ],
    [
      'a number in a string is no percentage',
      (d) => Object.assign(rollingUpdate(d), { maxSurge: '30' }),
      [invalid('spec.strategy.rollingUpdate.maxSurge', `Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"30"}: ${PERCENT}`)],
    ],
    [
      'a malformed string counts as 0 for the both-zero rule',
      (d) => Object.assign(rollingUpdate(d), { maxUnavailable: 'half', maxSurge: 0 }),
      [
        invalid('spec.strategy.rollingUpdate.maxUnavailable', `Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: ${PERCENT}`),
        invalid('spec.strategy.rollingUpdate.maxUnavailable', 'Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: may not be 0 when `maxSurge` is 0'),
      ],
    ],
    [
      'a negative maxSurge',
      (d) => Object.assign(rollingUpdate(d), { maxSurge: -1 }),
      [invalid('spec.strategy.rollingUpdate.maxSurge', `Invalid value: -1: ${NEGATIVE}`)],
    ],
  ];
  run(cases, validateDeployment);
});

describe('validateDeploymentUpdate', () => {
  const cases: Case[] = [
    ['a new image and replica count are valid', (d) => {
      d.spec!.replicas = 5;
      d.spec!.template!.spec!.containers![0]!.image = 'nginx:1.27';
    }, []],
    [
      'a selector written differently but equal is unchanged',
      (d) => (d.spec!.selector = { matchLabels: { app: 'web' }, matchExpressions: [] }),
      [],
    ],
    [
      'the selector is immutable',
      (d) => {
        d.spec!.selector = { matchLabels: { app: 'api' } };
        d.spec!.template!.metadata!.labels = { app: 'api' };
      },
      [
        invalid(
          'spec.selector',
          'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
        ),
      ],
    ],
    [
      'removing the selector is a change too',
      (d) => delete d.spec!.selector,
      [
        { type: 'FieldValueRequired', field: 'spec.selector', message: 'Required value' },
        invalid('spec.template.metadata.labels', 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'),
        invalid('spec.selector', 'Invalid value: "null": field is immutable'),
      ],
    ],
    ['spec rules apply on update', (d) => (d.spec!.replicas = -2), [invalid('spec.replicas', `Invalid value: -2: ${NEGATIVE}`)]],
    [
      'metadata update rules apply',
      (d) => (d.metadata!.name = 'other'),
      [invalid('metadata.name', 'Invalid value: "other": field is immutable')],
    ],
  ];
  run(cases, (d) => validateDeploymentUpdate(d, storedDeployment()));
});

describe('validateDeploymentStatusUpdate', () => {
  const withStatus = (d: Deployment) =>
    (d.status = {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 1,
      collisionCount: 2,
      conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }],
    });
  const previous = () => {
    const d = storedDeployment();
    withStatus(d);
    return d;
  };
  const cases: Case[] = [
    ['a consistent status is valid', withStatus, []],
    [
      'negative counts',
      (d) => {
        withStatus(d);
        Object.assign(d.status!, { observedGeneration: -1, unavailableReplicas: -1, terminatingReplicas: -1 });
      },
      [
        invalid('status.observedGeneration', `Invalid value: -1: ${NEGATIVE}`),
        invalid('status.unavailableReplicas', `Invalid value: -1: ${NEGATIVE}`),
        invalid('status.terminatingReplicas', `Invalid value: -1: ${NEGATIVE}`),
      ],
    ],
    [
      'counts above status.replicas',
      (d) => {
        withStatus(d);
        Object.assign(d.status!, { replicas: 1 });
      },
      [
        invalid('status.updatedReplicas', 'Invalid value: 3: cannot be greater than status.replicas'),
        invalid('status.readyReplicas', 'Invalid value: 2: cannot be greater than status.replicas'),
        invalid('status.availableReplicas', 'Invalid value: 2: cannot be greater than status.replicas'),
      ],
    ],
    [
      'more available than ready',
      (d) => {
        withStatus(d);
        d.status!.availableReplicas = 3;
      },
      [invalid('status.availableReplicas', 'Invalid value: 3: cannot be greater than readyReplicas')],
    ],
    [
      'collisionCount going down',
      (d) => {
        withStatus(d);
        d.status!.collisionCount = 1;
      },
      [invalid('status.collisionCount', 'Invalid value: 1: cannot be decremented')],
    ],
    [
      'collisionCount removed',
      (d) => {
        withStatus(d);
        delete d.status!.collisionCount;
      },
      [invalid('status.collisionCount', 'Invalid value: 0: cannot be decremented')],
    ],
    ['the spec is not validated by a status write', (d) => {
      withStatus(d);
      d.spec!.replicas = -1;
    }, []],
  ];
  run(cases, (d) => validateDeploymentStatusUpdate(d, previous()));
});
