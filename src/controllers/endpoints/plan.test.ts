// Table-driven tests of planEndpoints: the semantics checklist's §8 cases 4–9 and 11 and the
// endpoints pitfalls of §9 (1, 2, 3, 7, 10), as the Endpoints object shows them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Endpoints } from '../../api/core/v1/endpoints.ts';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import { CREATED, deepFreeze, makePod, makeService, tcp } from '../endpoint-pods/test-builders.ts';
import { leftoverEndpointsKeys, planEndpoints, shouldDeleteEndpoints } from './plan.ts';

const web = makeService('web', { selector: { app: 'web' } });

function written(service: Service, pods: Pod[], existing?: Endpoints, triggerTime?: number): Endpoints {
  const plan = planEndpoints(deepFreeze(service), deepFreeze(pods), existing && deepFreeze(existing), { triggerTime });
  assert.notEqual(plan.action, 'none', 'expected a write');
  return (plan as { endpoints: Endpoints }).endpoints;
}

/** The Endpoints as stored after a write: the API adds identity and a version. */
function stored(endpoints: Endpoints, resourceVersion = '10'): Endpoints {
  return { ...structuredClone(endpoints), metadata: { ...endpoints.metadata, uid: 'uid-ep', resourceVersion } };
}

const ips = (endpoints: Endpoints, field: 'addresses' | 'notReadyAddresses') =>
  (endpoints.subsets ?? []).flatMap((subset) => (subset[field] ?? []).map((address) => address.ip));

describe('planEndpoints', () => {
  it('§8.4 / pitfall 1: a selector matching no Pod still gets an Endpoints, with no subsets', () => {
    const plan = planEndpoints(web, [makePod('p', { labels: { app: 'Web' } })], undefined, { triggerTime: Date.parse(CREATED) });
    assert.equal(plan.action, 'create');
    const endpoints = (plan as { endpoints: Endpoints }).endpoints;
    assert.equal(endpoints.metadata?.name, 'web');
    assert.equal(endpoints.metadata?.namespace, 'default');
    assert.equal(endpoints.subsets, undefined);
    assert.equal(endpoints.metadata?.labels, undefined, 'no endpoints.kubernetes.io/managed-by: that label is 1.33');
    assert.equal(endpoints.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], '2026-01-01T00:00:00Z');
  });

  it('§8.5: a ready Pod is an address, with its node and target; a not-ready one a notReadyAddress', () => {
    const ready = makePod('ready', { ips: ['127.244.0.1'], ports: [tcp('http', 8080)] });
    const notReady = makePod('not-ready', { ips: ['127.244.0.2'], ready: false });
    const endpoints = written(web, [ready, notReady]);
    assert.deepEqual(endpoints.subsets, [
      {
        addresses: [{ ip: '127.244.0.1', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'ready', uid: 'uid-pod-ready' } }],
        notReadyAddresses: [
          { ip: '127.244.0.2', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'not-ready', uid: 'uid-pod-not-ready' } },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('§8.6 / pitfall 3: a terminating Pod leaves the Endpoints at once, unless not-ready addresses are published', () => {
    const pods = [makePod('a', { ips: ['127.244.0.1'] }), makePod('b', { ips: ['127.244.0.2'], deleting: true })];
    assert.deepEqual(ips(written(web, pods), 'addresses'), ['127.244.0.1']);
    const publishing = makeService('web', { publishNotReadyAddresses: true });
    assert.deepEqual(ips(written(publishing, pods), 'addresses'), ['127.244.0.1', '127.244.0.2']);
  });

  it('§8.7: a Succeeded Pod is removed although its IP is still set; a Pod without an IP is not listed', () => {
    const pods = [makePod('done', { phase: 'Succeeded' }), makePod('pending', { ips: [] }), makePod('up', { ips: ['127.244.0.3'] })];
    assert.deepEqual(ips(written(web, pods), 'addresses'), ['127.244.0.3']);
  });

  it('§8.8 / pitfall 2: a named targetPort missing on some Pods leaves them out of that port only', () => {
    const service = makeService('web', {
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
        { name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 },
      ],
    });
    const named = makePod('named', { ips: ['127.244.0.1'], ports: [tcp('http', 8080)] });
    const unnamed = makePod('unnamed', { ips: ['127.244.0.2'], ports: [tcp('web', 8080)] });
    const udp = makePod('udp', { ips: ['127.244.0.3'], ports: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }] });
    const endpoints = written(service, [named, unnamed, udp]);
    // Repacked: each port lists the addresses that serve it.
    const byPort = (endpoints.subsets ?? []).map((s) => [s.ports?.map((p) => p.name), s.addresses?.map((a) => a.ip)]);
    assert.deepEqual(byPort, [
      [['http'], ['127.244.0.1']],
      [['metrics'], ['127.244.0.1', '127.244.0.2', '127.244.0.3']],
    ]);
  });

  it('pitfall 7: port 53 over TCP and UDP gives one subset with both ports', () => {
    const service = makeService('dns', {
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 'dns-tcp' },
      ],
    });
    const pod = makePod('coredns', {
      labels: { app: 'dns' },
      ips: ['127.244.0.9'],
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      ],
    });
    const endpoints = written(service, [pod]);
    assert.equal(endpoints.subsets?.length, 1);
    assert.deepEqual(endpoints.subsets?.[0]?.ports, [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ]);
  });

  it('§8.9: more than 1000 addresses are truncated to 1000, ready first, and marked over capacity', () => {
    const pods = Array.from({ length: 1001 }, (_, i) => makePod(`p${i}`, { ips: [`127.244.${Math.floor(i / 250)}.${(i % 250) + 1}`], ready: i % 2 === 0 }));
    const endpoints = written(web, pods);
    assert.equal(ips(endpoints, 'addresses').length, 501, 'every ready address is kept');
    assert.equal(ips(endpoints, 'notReadyAddresses').length, 499, 'not-ready ones fill the rest');
    assert.equal(endpoints.metadata?.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');

    const back = written(web, pods.slice(0, 1000), stored(endpoints));
    assert.equal(ips(back, 'addresses').length + ips(back, 'notReadyAddresses').length, 1000);
    assert.equal(back.metadata?.annotations?.['endpoints.kubernetes.io/over-capacity'], undefined, 'the mark goes once under capacity');
  });

  it('§8.9: when ready addresses alone overflow, each subset keeps its proportional share and not-ready ones go', () => {
    const service = makeService('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] });
    const pods = Array.from({ length: 1500 }, (_, i) =>
      makePod(`p${i}`, {
        ips: [`127.244.${Math.floor(i / 250)}.${(i % 250) + 1}`],
        ports: [tcp('http', i < 1000 ? 8080 : 8081)],
        ready: i < 1200 || i % 2 === 0,
      }),
    );
    const endpoints = written(service, pods);
    const bySubset = (endpoints.subsets ?? []).map((s) => [s.ports?.[0]?.port, s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]);
    // 1350 ready: 1000 on 8080, 350 on 8081 → ceil(1000/1350·1000) = 741, then the 259 left.
    assert.deepEqual(bySubset.sort(), [
      [8080, 741, 0],
      [8081, 259, 0],
    ]);
  });

  it('§8.11 / pitfall 10: a headless Service publishes hostnames of Pods whose subdomain names it; not-ready ones only with publishNotReadyAddresses', () => {
    const headless = makeService('db', { clusterIP: 'None', selector: { app: 'db' } });
    const pods = [
      makePod('db-0', { labels: { app: 'db' }, ips: ['127.244.0.10'], hostname: 'db-0', subdomain: 'db' }),
      makePod('db-1', { labels: { app: 'db' }, ips: ['127.244.0.11'], hostname: 'db-1', subdomain: 'db', ready: false }),
      makePod('db-x', { labels: { app: 'db' }, ips: ['127.244.0.12'], hostname: 'db-x', subdomain: 'elsewhere' }),
    ];
    const endpoints = written(headless, pods);
    assert.deepEqual(endpoints.metadata?.labels?.['service.kubernetes.io/headless'], '');
    const subset = endpoints.subsets?.[0];
    assert.deepEqual(subset?.addresses?.map((a) => [a.ip, a.hostname]), [
      ['127.244.0.10', 'db-0'],
      ['127.244.0.12', undefined],
    ]);
    assert.deepEqual(subset?.notReadyAddresses?.map((a) => [a.ip, a.hostname]), [['127.244.0.11', 'db-1']]);

    const publishing = makeService('db', { clusterIP: 'None', selector: { app: 'db' }, publishNotReadyAddresses: true });
    assert.deepEqual(ips(written(publishing, pods), 'addresses'), ['127.244.0.10', '127.244.0.11', '127.244.0.12']);
  });

  it('a headless Service without ports lists its addresses with no ports', () => {
    const headless = makeService('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [] });
    const endpoints = written(headless, [makePod('db-0', { labels: { app: 'db' }, ips: ['127.244.0.10'] })]);
    assert.equal(endpoints.subsets?.length, 1);
    assert.equal(endpoints.subsets?.[0]?.ports, undefined);
    assert.deepEqual(ips(endpoints, 'addresses'), ['127.244.0.10']);
  });

  it('uses the Pod IP of the first IP family of the Service', () => {
    const pod = makePod('dual', { ips: ['10.244.0.5', 'fd00::5'] });
    assert.deepEqual(ips(written(makeService('web', { ipFamilies: ['IPv6', 'IPv4'] }), [pod]), 'addresses'), ['fd00::5']);
    assert.deepEqual(ips(written(makeService('web', { ipFamilies: ['IPv4', 'IPv6'] }), [pod]), 'addresses'), ['10.244.0.5']);
    assert.deepEqual(ips(written(makeService('web', { ipFamilies: ['IPv6'] }), [makePod('v4', { ips: ['10.244.0.6'] })]), 'addresses'), []);
  });

  it('copies the Service labels, and marks a headless Service', () => {
    const service = makeService('web', { labels: { team: 'a' } });
    assert.deepEqual(written(service, []).metadata?.labels, { team: 'a' });
  });

  it('takes away a managed-by label an earlier (1.33-style) write left behind', () => {
    const current = stored(written(web, []));
    const labelled = { ...current, metadata: { ...current.metadata, labels: { 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' } } };
    const plan = planEndpoints(web, [], labelled);
    assert.equal(plan.action, 'update');
    assert.equal((plan as { endpoints: Endpoints }).endpoints.metadata?.labels, undefined);
  });

  it('writes nothing when subsets and labels are unchanged, whatever the targets resourceVersion says', () => {
    const pods = [makePod('a', { ips: ['127.244.0.1'] }), makePod('b', { ips: ['127.244.0.2'], ready: false })];
    const current = stored(written(web, pods, undefined, Date.parse(CREATED)));
    for (const address of current.subsets?.[0]?.addresses ?? []) address.targetRef = { ...address.targetRef, resourceVersion: '77' };
    const plan = planEndpoints(web, [...pods].reverse(), deepFreeze(current), { triggerTime: Date.parse('2026-01-01T00:09:00Z') });
    assert.equal(plan.action, 'none');
  });

  it('updates the current object when a Pod changes or the Service labels change, keeping its metadata', () => {
    const pod = makePod('a', { ips: ['127.244.0.1'] });
    const current = stored(written(web, [pod]));
    const update = planEndpoints(web, [makePod('a', { ips: ['127.244.0.1'], ready: false })], deepFreeze(current));
    assert.equal(update.action, 'update');
    const endpoints = (update as { endpoints: Endpoints }).endpoints;
    assert.equal(endpoints.metadata?.resourceVersion, '10');
    assert.equal(endpoints.metadata?.uid, 'uid-ep');
    assert.deepEqual(ips(endpoints, 'notReadyAddresses'), ['127.244.0.1']);

    const relabelled = planEndpoints(makeService('web', { labels: { v: '2' } }), [pod], deepFreeze(current));
    assert.equal(relabelled.action, 'update');
  });

  it('sets the trigger time when given and clears a stale one when not', () => {
    const current = stored(written(web, [], undefined, Date.parse(CREATED)));
    const plan = planEndpoints(web, [makePod('a')], deepFreeze(current));
    assert.equal((plan as { endpoints: Endpoints }).endpoints.metadata?.annotations, undefined);
  });

  it('leaves ExternalName and selector-less Services alone', () => {
    assert.deepEqual(planEndpoints(makeService('ext', { type: 'ExternalName' }), [makePod('a')], undefined), {
      action: 'none',
      reason: 'external-name',
      endpoints: undefined,
    });
    const manual: Endpoints = { metadata: { name: 'manual', namespace: 'default' }, subsets: [{ addresses: [{ ip: '127.0.0.1' }] }] };
    const plan = planEndpoints(makeService('manual', { selector: null }), [makePod('a')], manual);
    assert.equal(plan.action, 'none');
    assert.equal(plan.action === 'none' && plan.reason, 'no-selector');
  });
});

describe('planEndpoints purity', () => {
  it('does not modify its inputs', () => {
    const pods = [makePod('a', { ips: ['127.244.0.1'] }), makePod('b', { ips: ['127.244.0.2'], ready: false })];
    const current = stored(planEndpointsOrThrow(web, pods));
    const service = makeService('web', { labels: { v: '2' } });
    const next = [pods[0] as Pod];
    const before = structuredClone({ service, next, current });
    planEndpoints(service, next, current, { triggerTime: 1 });
    assert.deepEqual({ service, next, current }, before);
  });
});

function planEndpointsOrThrow(service: Service, pods: Pod[]): Endpoints {
  const plan = planEndpoints(service, pods, undefined);
  if (plan.action === 'none') throw new Error('expected a write');
  return plan.endpoints;
}

describe('Endpoints without a Service', () => {
  it('are deleted when their Service is gone; the startup scan skips leader-election locks', () => {
    assert.equal(shouldDeleteEndpoints(undefined), true);
    assert.equal(shouldDeleteEndpoints(web), false);
    const lock: Endpoints = { metadata: { name: 'lock', namespace: 'kube-system', annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } } };
    const orphan: Endpoints = { metadata: { name: 'old', namespace: 'default' } };
    assert.deepEqual(leftoverEndpointsKeys([lock, orphan]), ['default/old']);
  });
});
