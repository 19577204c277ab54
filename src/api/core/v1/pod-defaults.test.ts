import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, PodTemplateSpec } from './pod.ts';
import { defaultImagePullPolicy, defaultPod, defaultPodTemplateSpec } from './pod-defaults.ts';

const pod = (spec: Pod['spec']): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
const one = (container: NonNullable<Pod['spec']>['containers']): Pod => pod({ containers: container });

describe('defaultPod: spec defaults', () => {
  const defaulted = defaultPod(one([{ name: 'web', image: 'nginx' }])).spec ?? {};
  const cases: [field: keyof typeof defaulted, expected: unknown][] = [
    ['dnsPolicy', 'ClusterFirst'],
    ['restartPolicy', 'Always'],
    ['terminationGracePeriodSeconds', 30],
    ['securityContext', {}],
    ['schedulerName', 'default-scheduler'],
    ['enableServiceLinks', true],
  ];
  for (const [field, expected] of cases) {
    it(`${field} → ${JSON.stringify(expected)}`, () => assert.deepEqual(defaulted[field], expected));
  }

  it('keeps values that are set, including false and 0', () => {
    const spec = defaultPod(
      pod({
        containers: [{ name: 'a', image: 'x' }],
        dnsPolicy: 'Default',
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        securityContext: { runAsUser: 1000 },
        schedulerName: 'mine',
        enableServiceLinks: false,
      }),
    ).spec;
    assert.equal(spec?.dnsPolicy, 'Default');
    assert.equal(spec?.restartPolicy, 'Never');
    assert.equal(spec?.terminationGracePeriodSeconds, 0);
    assert.deepEqual(spec?.securityContext, { runAsUser: 1000 });
    assert.equal(spec?.schedulerName, 'mine');
    assert.equal(spec?.enableServiceLinks, false);
  });

  it('does not mutate its input', () => {
    const input = one([{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }]);
    const before = structuredClone(input);
    defaultPod(input);
    assert.deepEqual(input, before);
  });
});

describe('defaultPod: container defaults', () => {
  const container = defaultPod(one([{ name: 'web', image: 'nginx:1.25' }])).spec?.containers?.[0] ?? {};
  it('terminationMessagePath → /dev/termination-log', () => assert.equal(container.terminationMessagePath, '/dev/termination-log'));
  it('terminationMessagePolicy → File', () => assert.equal(container.terminationMessagePolicy, 'File'));

  const pullPolicies: [image: string, expected: string][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['docker.io/library/nginx:latest', 'Always'],
    ['localhost:5000/app', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry.example.com:5000/team/app:v2', 'IfNotPresent'],
    [`nginx@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    [`nginx:latest@sha256:${'a'.repeat(64)}`, 'Always'],
    ['Nginx', 'IfNotPresent'], // does not parse: upper-case repository
    ['', 'IfNotPresent'],
  ];
  for (const [image, expected] of pullPolicies) {
    it(`imagePullPolicy for ${JSON.stringify(image)} → ${expected}`, () => {
      assert.equal(defaultImagePullPolicy(image), expected);
      assert.equal(defaultPod(one([{ name: 'c', image }])).spec?.containers?.[0]?.imagePullPolicy, expected);
    });
  }

  it('keeps an explicit imagePullPolicy', () => {
    const c = defaultPod(one([{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }])).spec?.containers?.[0];
    assert.equal(c?.imagePullPolicy, 'Never');
  });

  it('port protocol → TCP, keeps UDP', () => {
    const c = defaultPod(one([{ name: 'c', image: 'x', ports: [{ containerPort: 53 }, { containerPort: 53, protocol: 'UDP' }] }]))
      .spec?.containers?.[0];
    assert.deepEqual(c?.ports, [
      { containerPort: 53, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP' },
    ]);
  });

  it('env valueFrom.fieldRef.apiVersion → v1', () => {
    const c = defaultPod(one([{ name: 'c', image: 'x', env: [{ name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }]))
      .spec?.containers?.[0];
    assert.deepEqual(c?.env?.[0]?.valueFrom?.fieldRef, { apiVersion: 'v1', fieldPath: 'status.podIP' });
  });

  it('probe timings, httpGet path and scheme', () => {
    const c = defaultPod(one([{ name: 'c', image: 'x', readinessProbe: { httpGet: { port: 80 } } }])).spec?.containers?.[0];
    assert.deepEqual(c?.readinessProbe, {
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it('probe timings set to 0 count as unset; set values are kept', () => {
    const probe = { tcpSocket: { port: 'http' }, timeoutSeconds: 0, periodSeconds: 5, failureThreshold: 7, initialDelaySeconds: 2 };
    const c = defaultPod(one([{ name: 'c', image: 'x', livenessProbe: probe }])).spec?.containers?.[0];
    assert.deepEqual(c?.livenessProbe, { ...probe, timeoutSeconds: 1, successThreshold: 1 });
  });

  it('grpc probe service → ""', () => {
    const c = defaultPod(one([{ name: 'c', image: 'x', startupProbe: { grpc: { port: 9000 } } }])).spec?.containers?.[0];
    assert.deepEqual(c?.startupProbe?.grpc, { port: 9000, service: '' });
  });

  it('lifecycle httpGet handlers get path and scheme', () => {
    const c = defaultPod(
      one([{ name: 'c', image: 'x', lifecycle: { preStop: { httpGet: { port: 8080, path: '/quit' } }, postStart: { exec: { command: ['true'] } } } }]),
    ).spec?.containers?.[0];
    assert.deepEqual(c?.lifecycle?.preStop?.httpGet, { port: 8080, path: '/quit', scheme: 'HTTP' });
    assert.deepEqual(c?.lifecycle?.postStart, { exec: { command: ['true'] } });
  });

  it('init and ephemeral containers are defaulted too', () => {
    const spec = defaultPod(
      pod({
        initContainers: [{ name: 'i', image: 'busybox:1.36' }],
        containers: [{ name: 'c', image: 'x' }],
        ephemeralContainers: [{ name: 'e', image: 'busybox' }],
      }),
    ).spec;
    assert.equal(spec?.initContainers?.[0]?.terminationMessagePolicy, 'File');
    assert.equal(spec?.initContainers?.[0]?.imagePullPolicy, 'IfNotPresent');
    assert.equal(spec?.ephemeralContainers?.[0]?.imagePullPolicy, 'Always');
  });
});

describe('defaultPod: resources', () => {
  it('requests default to limits, for containers and init containers', () => {
    const spec = defaultPod(
      pod({
        initContainers: [{ name: 'i', image: 'x', resources: { limits: { cpu: '1' } } }],
        containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } } }],
      }),
    ).spec;
    assert.deepEqual(spec?.containers?.[0]?.resources, { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
    assert.deepEqual(spec?.initContainers?.[0]?.resources, { limits: { cpu: '1' }, requests: { cpu: '1' } });
  });

  it('quantities are canonicalised and rounded up to millis', () => {
    const c = defaultPod(one([{ name: 'c', image: 'x', resources: { requests: { cpu: 0.5, memory: '1024Mi', 'example.com/gpu': 1 } } }]))
      .spec?.containers?.[0];
    assert.deepEqual(c?.resources?.requests, { cpu: '500m', memory: '1Gi', 'example.com/gpu': '1' });
    const tiny = defaultPod(one([{ name: 'c', image: 'x', resources: { limits: { cpu: '0.0001' } } }])).spec?.containers?.[0];
    assert.deepEqual(tiny?.resources?.limits, { cpu: '1m' });
  });

  it('a template gets no requests from limits', () => {
    const template: PodTemplateSpec = { spec: { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '1' } } }] } };
    assert.equal(defaultPodTemplateSpec(template).spec?.containers?.[0]?.resources?.requests, undefined);
  });
});

describe('defaultPod: hostNetwork', () => {
  it('hostPort defaults to containerPort, for containers and init containers', () => {
    const spec = defaultPod(
      pod({
        hostNetwork: true,
        initContainers: [{ name: 'i', image: 'x', ports: [{ containerPort: 9000 }] }],
        containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }, { containerPort: 53, hostPort: 5353, protocol: 'UDP' }] }],
      }),
    ).spec;
    assert.deepEqual(spec?.containers?.[0]?.ports, [
      { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
      { containerPort: 53, hostPort: 5353, protocol: 'UDP' },
    ]);
    assert.equal(spec?.initContainers?.[0]?.ports?.[0]?.hostPort, 9000);
  });

  it('without hostNetwork no hostPort is set', () => {
    const c = defaultPod(one([{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }])).spec?.containers?.[0];
    assert.equal(c?.ports?.[0]?.hostPort, undefined);
  });
});

describe('defaultPod: volumes', () => {
  const volumes = (list: NonNullable<Pod['spec']>['volumes']) =>
    defaultPod(pod({ containers: [{ name: 'c', image: 'x' }], volumes: list })).spec?.volumes;

  it('a volume without a source becomes an emptyDir', () => {
    assert.deepEqual(volumes([{ name: 'scratch' }]), [{ name: 'scratch', emptyDir: {} }]);
  });
  it('hostPath type → ""', () => {
    assert.deepEqual(volumes([{ name: 'h', hostPath: { path: '/data' } }])?.[0]?.hostPath, { path: '/data', type: '' });
  });
  it('secret, configMap and downwardAPI defaultMode → 420 (0644)', () => {
    const list = volumes([
      { name: 's', secret: { secretName: 's' } },
      { name: 'c', configMap: { name: 'c' } },
      { name: 'd', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
    ]);
    assert.equal(list?.[0]?.secret?.defaultMode, 420);
    assert.equal(list?.[1]?.configMap?.defaultMode, 420);
    assert.equal(list?.[2]?.downwardAPI?.defaultMode, 420);
    assert.equal(list?.[2]?.downwardAPI?.items?.[0]?.fieldRef?.apiVersion, 'v1');
  });
  it('projected: defaultMode, token expiration 3600, downward API fieldRef version', () => {
    const list = volumes([
      {
        name: 'p',
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token' } },
            { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ]);
    assert.deepEqual(list?.[0]?.projected, {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
        { downwardAPI: { items: [{ path: 'ns', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
  });
  it('emptyDir sizeLimit is canonicalised', () => {
    assert.deepEqual(volumes([{ name: 'e', emptyDir: { sizeLimit: '1024Mi' } }])?.[0]?.emptyDir, { sizeLimit: '1Gi' });
  });
  it('image volume pullPolicy follows the tag', () => {
    assert.equal(volumes([{ name: 'i', image: { reference: 'quay.io/a/b' } }])?.[0]?.image?.pullPolicy, 'Always');
  });
});

describe('defaultPodTemplateSpec', () => {
  it('applies the PodSpec and container defaults but not the Pod-only ones', () => {
    const template = defaultPodTemplateSpec({
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }], hostNetwork: true },
    });
    assert.deepEqual(template, {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            imagePullPolicy: 'Always',
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        hostNetwork: true,
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
        schedulerName: 'default-scheduler',
      },
    });
  });
});
