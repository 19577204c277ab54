// Table-driven tests of planEndpointSlices: the semantics checklist's §8 cases 4–9 and 11, the
// endpoints pitfalls of §9 (1, 2, 3, 7, 10), and the reconciler's fill-order and churn rules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../api/core/v1/pod.ts';
import type { Service } from '../../api/core/v1/service.ts';
import type { Endpoint, EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { deepFreeze, makeNode, makePod, makeService, tcp } from '../endpoint-pods/test-builders.ts';
import { planEndpointSlices } from './plan.ts';
import type { EndpointSlicePlan, PlanEndpointSlicesOptions } from './plan.ts';

const nodes = [makeNode('node-a', 'zone-1'), makeNode('node-b')];
const web = makeService('web', { selector: { app: 'web' } });

let sliceCounter = 0;
/** What the API would store: created slices get a name, uid and generation 1; updates bump it. */
function apply(existing: readonly EndpointSlice[], plan: EndpointSlicePlan): EndpointSlice[] {
  const gone = new Set([...plan.delete, ...plan.update].map((s) => s.metadata?.name));
  const kept = existing.filter((s) => !gone.has(s.metadata?.name));
  const updated = plan.update.map((s) => {
    const before = existing.find((e) => e.metadata?.name === s.metadata?.name);
    return { ...structuredClone(s), metadata: { ...s.metadata, uid: before?.metadata?.uid, generation: (before?.metadata?.generation ?? 0) + 1 } };
  });
  const created = plan.create.map((s) => {
    sliceCounter++;
    return { ...structuredClone(s), metadata: { ...s.metadata, name: `${s.metadata?.generateName}${sliceCounter}`, uid: `uid-slice-${sliceCounter}`, generation: 1 } };
  });
  return [...kept, ...updated, ...created];
}

function plan(service: Service, pods: Pod[], existing: EndpointSlice[] = [], options: PlanEndpointSlicesOptions = {}): EndpointSlicePlan {
  return planEndpointSlices(deepFreeze(service), deepFreeze(pods), deepFreeze(existing), deepFreeze(nodes), options);
}

/** Plans from nothing and applies, then checks a second plan writes nothing. */
function converge(service: Service, pods: Pod[], existing: EndpointSlice[] = [], options: PlanEndpointSlicesOptions = {}): EndpointSlice[] {
  const slices = apply(existing, plan(service, pods, existing, options));
  const again = plan(service, pods, slices, options);
  assert.deepEqual([again.create.length, again.update.length, again.delete.length], [0, 0, 0], 'a second sync writes nothing');
  return slices;
}

const all = (slices: EndpointSlice[]): Endpoint[] => slices.flatMap((s) => s.endpoints ?? []);
const endpointOf = (slices: EndpointSlice[], pod: string) => all(slices).find((e) => e.targetRef?.name === pod);
const counts = (p: EndpointSlicePlan) => ({ create: p.create.length, update: p.update.length, delete: p.delete.length });

describe('planEndpointSlices', () => {
  it('§8.4 / pitfall 1: no matching Pod gives one placeholder slice per address type, kept afterwards', () => {
    const first = plan(web, [makePod('p', { labels: { app: 'other' } })]);
    assert.deepEqual(counts(first), { create: 1, update: 0, delete: 0 });
    const placeholder = first.create[0] as EndpointSlice;
    assert.deepEqual(placeholder.endpoints, []);
    assert.deepEqual(placeholder.ports, []);
    assert.equal(placeholder.addressType, 'IPv4');
    converge(web, []);

    const dual = plan(makeService('web', { ipFamilies: ['IPv4', 'IPv6'] }), []);
    assert.deepEqual(dual.create.map((s) => s.addressType), ['IPv4', 'IPv6']);
  });

  it('labels, owner and name of a slice follow the Service', () => {
    const service = makeService('web', { labels: { team: 'a', 'kubernetes.io/service-name': 'spoof', 'endpointslice.kubernetes.io/managed-by': 'me' } });
    const [slice] = plan(service, [makePod('a')]).create;
    assert.deepEqual(slice?.metadata?.labels, {
      team: 'a',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    assert.equal(slice?.metadata?.generateName, 'web-');
    assert.equal(slice?.metadata?.namespace, 'default');
    assert.deepEqual(slice?.metadata?.ownerReferences, [
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-web', controller: true, blockOwnerDeletion: true },
    ]);
    const [headless] = plan(makeService('db', { clusterIP: 'None', selector: { app: 'web' } }), [makePod('a')]).create;
    assert.equal(headless?.metadata?.labels?.['service.kubernetes.io/headless'], '');
  });

  it('§8.5: a ready Pod is ready and serving; losing readiness updates it in place', () => {
    const slices = converge(web, [makePod('a', { ips: ['127.244.0.1'], ports: [tcp('http', 8080)] })]);
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(endpointOf(slices, 'a'), {
      addresses: ['127.244.0.1'],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-pod-a' },
      nodeName: 'node-a',
      zone: 'zone-1',
    });
    const unready = plan(web, [makePod('a', { ips: ['127.244.0.1'], ready: false })], slices);
    assert.deepEqual(counts(unready), { create: 0, update: 1, delete: 0 });
    assert.equal(unready.update[0]?.metadata?.name, slices[0]?.metadata?.name);
    assert.deepEqual(endpointOf(unready.update, 'a')?.conditions, { ready: false, serving: false, terminating: false });
  });

  it('§8.6 / pitfall 3: a terminating Pod stays, not ready but serving while its readiness lasts', () => {
    const slices = converge(web, [makePod('a', { deleting: true }), makePod('b', { deleting: true, ready: false })]);
    assert.deepEqual(endpointOf(slices, 'a')?.conditions, { ready: false, serving: true, terminating: true });
    assert.deepEqual(endpointOf(slices, 'b')?.conditions, { ready: false, serving: false, terminating: true });
    const publishing = converge(makeService('web', { publishNotReadyAddresses: true }), [makePod('a', { deleting: true })]);
    assert.deepEqual(endpointOf(publishing, 'a')?.conditions, { ready: true, serving: true, terminating: true });
  });

  it('§8.7: a Succeeded Pod is removed although its IP is still set; its slice becomes the placeholder', () => {
    const slices = converge(web, [makePod('a')]);
    const done = plan(web, [makePod('a', { phase: 'Succeeded' })], slices);
    assert.equal(all([...done.create, ...done.update]).length, 0);
    const after = apply(slices, done);
    assert.equal(after.length, 1);
    assert.deepEqual(after[0]?.endpoints, []);
    assert.deepEqual(after[0]?.ports, []);
    assert.equal(after[0]?.metadata?.name, slices[0]?.metadata?.name, 'recycled, not deleted and recreated');
  });

  it('§8.8 / pitfall 2: Pods whose named port does not resolve go to a separate slice with no ports', () => {
    const service = makeService('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] });
    const slices = converge(service, [makePod('named', { ports: [tcp('http', 8080)] }), makePod('unnamed', { ports: [tcp('web', 8080)] })]);
    assert.equal(slices.length, 2);
    const withPorts = slices.find((s) => (s.ports?.length ?? 0) > 0);
    const portless = slices.find((s) => (s.ports?.length ?? 0) === 0);
    assert.deepEqual(withPorts?.endpoints?.map((e) => e.targetRef?.name), ['named']);
    assert.deepEqual(portless?.endpoints?.map((e) => e.targetRef?.name), ['unnamed']);
  });

  it('the same named port may resolve to different numbers: one slice per port list', () => {
    const service = makeService('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] });
    const slices = converge(service, [makePod('v1', { ports: [tcp('http', 8080)] }), makePod('v2', { ports: [tcp('http', 9090)] })]);
    assert.deepEqual(slices.map((s) => s.ports?.[0]?.port).sort(), [8080, 9090]);
  });

  it('pitfall 7: port 53 over TCP and UDP gives one slice with both ports', () => {
    const service = makeService('dns', {
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    });
    const slices = converge(service, [makePod('coredns', { labels: { app: 'dns' } })]);
    assert.equal(slices.length, 1);
    assert.deepEqual(slices[0]?.ports, [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ]);
  });

  it('§8.9: 101 Pods make two slices of 100 and 1; 250 make three', () => {
    const pods = (n: number) => Array.from({ length: n }, (_, i) => makePod(`p${i}`));
    assert.deepEqual(converge(web, pods(101)).map((s) => s.endpoints?.length).sort(), [1, 100]);
    assert.deepEqual(converge(web, pods(250)).map((s) => s.endpoints?.length).sort(), [100, 100, 50]);
    assert.deepEqual(converge(web, pods(7), [], { maxEndpointsPerSlice: 3 }).map((s) => s.endpoints?.length).sort(), [1, 3, 3]);
  });

  it('§8.11 / pitfall 10: hostnames for Pods whose subdomain names the Service; not-ready ones listed not ready', () => {
    const headless = makeService('db', { clusterIP: 'None', selector: { app: 'db' } });
    const slices = converge(headless, [
      makePod('db-0', { labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db' }),
      makePod('db-1', { labels: { app: 'db' }, hostname: 'db-1', subdomain: 'db', ready: false }),
    ]);
    assert.equal(endpointOf(slices, 'db-0')?.hostname, 'db-0');
    assert.deepEqual(endpointOf(slices, 'db-1')?.conditions, { ready: false, serving: false, terminating: false });
    const publishing = makeService('db', { clusterIP: 'None', selector: { app: 'db' }, publishNotReadyAddresses: true });
    const published = converge(publishing, [makePod('db-1', { labels: { app: 'db' }, hostname: 'db-1', subdomain: 'db', ready: false })]);
    assert.equal(endpointOf(published, 'db-1')?.conditions?.ready, true);
  });

  it('a dual-stack Service gets a slice per family, each with that family of Pod IPs', () => {
    const slices = converge(makeService('web', { ipFamilies: ['IPv6', 'IPv4'] }), [makePod('a', { ips: ['10.244.0.1', 'FD00:0::1'] })]);
    assert.deepEqual(slices.map((s) => [s.addressType, s.endpoints?.[0]?.addresses]).sort(), [
      ['IPv4', ['10.244.0.1']],
      ['IPv6', ['fd00::1']],
    ]);
  });

  it('slices of an address type the Service no longer has are deleted', () => {
    const slices = converge(makeService('web', { ipFamilies: ['IPv4', 'IPv6'] }), [makePod('a', { ips: ['10.244.0.1', 'fd00::1'] })]);
    const single = plan(makeService('web', { ipFamilies: ['IPv4'] }), [makePod('a', { ips: ['10.244.0.1', 'fd00::1'] })], slices);
    assert.deepEqual(counts(single), { create: 0, update: 0, delete: 1 });
    assert.equal(single.delete[0]?.addressType, 'IPv6');
  });

  it('a Pod whose Node is missing is left out and reported, unless not-ready addresses are published', () => {
    const orphan = makePod('orphan', { node: 'node-gone' });
    const result = plan(web, [makePod('a'), orphan]);
    assert.deepEqual(result.podsWithMissingNode, ['default/orphan']);
    assert.deepEqual(all(result.create).map((e) => e.targetRef?.name), ['a']);
    const publishing = plan(makeService('web', { publishNotReadyAddresses: true }), [orphan]);
    assert.deepEqual(publishing.podsWithMissingNode, []);
    const endpoint = all(publishing.create)[0];
    assert.equal(endpoint?.nodeName, 'node-gone');
    assert.equal(endpoint?.zone, undefined);
  });

  it('churn: a changed target port turns delete + create into an update of the old slice', () => {
    const before = makeService('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] });
    const after = makeService('web', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 9090 }] });
    const slices = converge(before, [makePod('a')]);
    const result = plan(after, [makePod('a')], slices);
    assert.deepEqual(counts(result), { create: 0, update: 1, delete: 0 });
    assert.equal(result.update[0]?.metadata?.name, slices[0]?.metadata?.name);
    assert.deepEqual(result.update[0]?.ports, [{ name: 'http', port: 9090, protocol: 'TCP' }]);
  });

  it('churn: no creates while the Service is being deleted', () => {
    const result = plan(makeService('web', { deleting: true }), [makePod('a')]);
    assert.deepEqual(counts(result), { create: 0, update: 0, delete: 0 });
  });

  it('churn: slices of an earlier Service of the same name are replaced (their names reused only when owned)', () => {
    const old = converge(makeService('web', { uid: 'old-uid' }), [makePod('a')]);
    const result = plan(web, [makePod('a')], old);
    assert.deepEqual(counts(result), { create: 1, update: 0, delete: 1 });
  });

  it('churn: a changed Service label updates the slices, endpoints untouched', () => {
    const slices = converge(web, [makePod('a')]);
    const result = plan(makeService('web', { labels: { v: '2' } }), [makePod('a')], slices);
    assert.deepEqual(counts(result), { create: 0, update: 1, delete: 0 });
    assert.equal(result.update[0]?.metadata?.labels?.v, '2');
  });

  it('churn: a Pod moving between slices is not duplicated; a slice emptied is deleted', () => {
    const pods = Array.from({ length: 103 }, (_, i) => makePod(`p${i}`));
    const slices = converge(web, pods);
    const small = slices.find((s) => s.endpoints?.length === 3);
    const gone = new Set(small?.endpoints?.map((e) => e.targetRef?.name));
    const result = plan(web, pods.filter((p) => !gone.has(p.metadata?.name ?? '')), slices);
    assert.deepEqual(counts(result), { create: 0, update: 0, delete: 1 });
  });

  it('fill order: new endpoints go first into slices that need an update anyway, fullest first', () => {
    const pods = Array.from({ length: 150 }, (_, i) => makePod(`p${i}`));
    const slices = converge(web, pods); // 100 + 50
    const full = slices.find((s) => s.endpoints?.length === 100) as EndpointSlice;
    const half = slices.find((s) => s.endpoints?.length === 50) as EndpointSlice;
    const removed = half.endpoints?.[0]?.targetRef?.name;
    const next = [...pods.filter((p) => p.metadata?.name !== removed), makePod('new1'), makePod('new2')];
    const result = plan(web, next, slices);
    assert.deepEqual(counts(result), { create: 0, update: 1, delete: 0 });
    assert.equal(result.update[0]?.metadata?.name, half.metadata?.name, 'the full slice is untouched');
    assert.equal(result.update[0]?.endpoints?.length, 51);
    assert.ok(full);
  });

  it('fill order: of several slices that need an update, the fullest is filled first', () => {
    const pods = Array.from({ length: 150 }, (_, i) => makePod(`p${i}`));
    const slices = converge(web, pods); // 100 + 50
    const [big, small] = [slices.find((s) => s.endpoints?.length === 100), slices.find((s) => s.endpoints?.length === 50)] as EndpointSlice[];
    const drop = new Set([big?.endpoints?.[0]?.targetRef?.name, small?.endpoints?.[0]?.targetRef?.name]);
    const result = plan(web, [...pods.filter((p) => !drop.has(p.metadata?.name)), makePod('new1')], slices);
    assert.deepEqual(counts(result), { create: 0, update: 2, delete: 0 });
    const updated = (name: string | undefined) => result.update.find((s) => s.metadata?.name === name);
    assert.equal(updated(big?.metadata?.name)?.endpoints?.length, 100, 'the fuller slice took the new endpoint');
    assert.equal(updated(small?.metadata?.name)?.endpoints?.length, 49);
  });

  it('fill order: otherwise into the unchanged slice that ends up closest to full, else a new slice', () => {
    const pods = Array.from({ length: 160 }, (_, i) => makePod(`p${i}`));
    const slices = converge(web, pods, [], { maxEndpointsPerSlice: 100 }); // 100 + 60
    const sixty = slices.find((s) => s.endpoints?.length === 60) as EndpointSlice;
    const fits = plan(web, [...pods, ...Array.from({ length: 40 }, (_, i) => makePod(`n${i}`))], slices);
    assert.deepEqual(counts(fits), { create: 0, update: 1, delete: 0 });
    assert.equal(fits.update[0]?.metadata?.name, sixty.metadata?.name);
    const overflows = plan(web, [...pods, ...Array.from({ length: 41 }, (_, i) => makePod(`n${i}`))], slices);
    assert.deepEqual(counts(overflows), { create: 1, update: 0, delete: 0 });
    assert.equal(overflows.create[0]?.endpoints?.length, 41);
  });

  it('fill order: among unchanged slices with room, the one that ends up closest to full', () => {
    const pods = Array.from({ length: 130 }, (_, i) => makePod(`p${i}`));
    const slices = converge(web, pods, [], { maxEndpointsPerSlice: 50 }); // 50 + 50 + 30
    const thirty = slices.find((s) => s.endpoints?.length === 30) as EndpointSlice;
    const extra = (n: number) => [...pods, ...Array.from({ length: n }, (_, i) => makePod(`x${i}`))];
    const sixty = plan(web, extra(60), slices, { maxEndpointsPerSlice: 100 });
    assert.deepEqual(counts(sixty), { create: 0, update: 1, delete: 0 });
    assert.equal(sixty.update[0]?.metadata?.name, thirty.metadata?.name, '30 + 60 = 90 is the only fit');
    const fortyFive = plan(web, extra(45), slices, { maxEndpointsPerSlice: 100 });
    assert.deepEqual(counts(fortyFive), { create: 0, update: 1, delete: 0 });
    assert.equal(fortyFive.update[0]?.endpoints?.length, 95, 'a slice of 50 ends closer to full than the one of 30');
  });

  it('sets the trigger time on every written slice, and clears a stale one', () => {
    const slices = converge(web, [makePod('a')], [], { triggerTime: Date.parse('2026-01-01T00:00:00Z') });
    assert.equal(slices[0]?.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], '2026-01-01T00:00:00Z');
    const cleared = plan(web, [makePod('a', { ready: false })], slices);
    assert.equal(cleared.update[0]?.metadata?.annotations, undefined);
  });

  it('ignores slices already being deleted, and plans nothing for ExternalName or selector-less Services', () => {
    const slices = converge(web, [makePod('a')]);
    const deleting = slices.map((s) => ({ ...s, metadata: { ...s.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }));
    assert.deepEqual(counts(plan(web, [makePod('a')], deleting)), { create: 1, update: 0, delete: 0 });
    assert.deepEqual(counts(plan(makeService('ext', { type: 'ExternalName' }), [makePod('a')])), { create: 0, update: 0, delete: 0 });
    assert.deepEqual(counts(plan(makeService('manual', { selector: null }), [makePod('a')])), { create: 0, update: 0, delete: 0 });
  });

  it('does not modify its inputs (existing slices are copied before they change)', () => {
    const pods = Array.from({ length: 150 }, (_, i) => makePod(`p${i}`));
    const slices = apply([], planEndpointSlices(web, pods, [], nodes));
    const service = makeService('web', { labels: { v: '2' } });
    const next = [...pods.slice(1).map((p) => ({ ...p, status: { ...p.status, conditions: [] } })), makePod('new')];
    const before = structuredClone({ service, next, slices, nodes });
    const result = planEndpointSlices(service, next, slices, nodes);
    assert.ok(result.update.length > 0);
    assert.deepEqual({ service, next, slices, nodes }, before);
    for (const written of result.update) assert.ok(!slices.includes(written), 'an update is a copy');
  });
});
