// Table-driven tests of planMirroredSlices: §3 "Services without a selector, and mirroring".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointAddress, Endpoints } from '../../api/core/v1/endpoints.ts';
import type { EndpointSlice } from '../../api/discovery/v1/endpointslice.ts';
import { deepFreeze, makeService } from '../endpoint-pods/test-builders.ts';
import { planMirroredSlices } from './plan.ts';
import type { MirrorPlan, PlanMirroredSlicesOptions } from './plan.ts';

const manual = makeService('db', { selector: null, ports: [{ name: 'pg', port: 5432, protocol: 'TCP', targetPort: 5432 }] });

function endpointsOf(subsets: Endpoints['subsets'], meta: Partial<NonNullable<Endpoints['metadata']>> = {}): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'db', namespace: 'default', uid: 'uid-ep-db', ...meta }, subsets };
}
const addr = (ip: string, extra: Partial<EndpointAddress> = {}): EndpointAddress => ({ ip, ...extra });
const pg = [{ name: 'pg', port: 5432, protocol: 'TCP' }];

let counter = 0;
function apply(existing: readonly EndpointSlice[], plan: MirrorPlan): EndpointSlice[] {
  const gone = new Set([...plan.delete, ...plan.update].map((s) => s.metadata?.name));
  const created = plan.create.map((s) => ({ ...structuredClone(s), metadata: { ...s.metadata, name: `${s.metadata?.generateName}${++counter}`, uid: `u${counter}` } }));
  return [...existing.filter((s) => !gone.has(s.metadata?.name)), ...plan.update.map((s) => structuredClone(s)), ...created];
}

function plan(endpoints: Endpoints | undefined, existing: EndpointSlice[] = [], service = manual, options: PlanMirroredSlicesOptions = {}): MirrorPlan {
  return planMirroredSlices(deepFreeze(service), endpoints && deepFreeze(endpoints), deepFreeze(existing), options);
}

const counts = (p: MirrorPlan) => ({ create: p.create.length, update: p.update.length, delete: p.delete.length });

describe('planMirroredSlices', () => {
  it('mirrors a selector-less Service’s Endpoints: ready from addresses, not ready from notReadyAddresses', () => {
    const endpoints = endpointsOf([{ addresses: [addr('127.0.0.1', { hostname: 'a', nodeName: 'node-a' })], notReadyAddresses: [addr('127.0.0.2')], ports: pg }], {
      labels: { team: 'db' },
      annotations: {
        note: 'x',
        'endpoints.kubernetes.io/last-change-trigger-time': '2026-01-01T00:00:00Z',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
      },
    });
    const result = plan(endpoints);
    assert.deepEqual(counts(result), { create: 1, update: 0, delete: 0 });
    const slice = result.create[0] as EndpointSlice;
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, pg);
    assert.deepEqual(slice.endpoints, [
      { addresses: ['127.0.0.1'], conditions: { ready: true }, nodeName: 'node-a', hostname: 'a' },
      { addresses: ['127.0.0.2'], conditions: { ready: false } },
    ]);
    assert.deepEqual(slice.metadata?.labels, {
      team: 'db',
      'kubernetes.io/service-name': 'db',
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
    });
    assert.deepEqual(slice.metadata?.annotations, { note: 'x' });
    assert.equal(slice.metadata?.generateName, 'db-');
    assert.deepEqual(slice.metadata?.ownerReferences, [
      { apiVersion: 'v1', kind: 'Endpoints', name: 'db', uid: 'uid-ep-db', controller: true, blockOwnerDeletion: true },
    ]);
  });

  it('writes nothing when the mirror is current, and updates it when addresses or labels change', () => {
    const endpoints = endpointsOf([{ addresses: [addr('127.0.0.1')], ports: pg }]);
    const slices = apply([], plan(endpoints));
    assert.deepEqual(counts(plan(endpoints, slices)), { create: 0, update: 0, delete: 0 });
    const more = plan(endpointsOf([{ addresses: [addr('127.0.0.1'), addr('127.0.0.3')], ports: pg }]), slices);
    assert.deepEqual(counts(more), { create: 0, update: 1, delete: 0 });
    assert.equal(more.update[0]?.metadata?.name, slices[0]?.metadata?.name);
    const relabelled = plan(endpointsOf([{ addresses: [addr('127.0.0.1')], ports: pg }], { labels: { v: '2' } }), slices);
    assert.deepEqual(counts(relabelled), { create: 0, update: 1, delete: 0 });
  });

  it('reuses the old slice when the ports change (update, not delete + create)', () => {
    const slices = apply([], plan(endpointsOf([{ addresses: [addr('127.0.0.1')], ports: pg }])));
    const result = plan(endpointsOf([{ addresses: [addr('127.0.0.1')], ports: [{ name: 'pg', port: 6432, protocol: 'TCP' }] }]), slices);
    assert.deepEqual(counts(result), { create: 0, update: 1, delete: 0 });
    assert.equal(result.update[0]?.metadata?.name, slices[0]?.metadata?.name);
  });

  it('splits IPv4 and IPv6 addresses into one slice each', () => {
    const result = plan(endpointsOf([{ addresses: [addr('127.0.0.1'), addr('FD00::1')], ports: pg }]));
    assert.deepEqual(result.create.map((s) => [s.addressType, s.endpoints?.[0]?.addresses]), [
      ['IPv4', ['127.0.0.1']],
      ['IPv6', ['fd00::1']],
    ]);
  });

  it('skips invalid addresses; loopback is valid in loopback mode (the API accepts it there) and not otherwise', () => {
    const endpoints = endpointsOf([{ addresses: [addr('127.0.0.1'), addr('169.254.1.1'), addr('0.0.0.0'), addr('bogus'), addr('10.0.0.1')], ports: pg }]);
    const loopback = plan(endpoints);
    assert.deepEqual(loopback.create[0]?.endpoints?.map((e) => e.addresses?.[0]), ['10.0.0.1', '127.0.0.1']);
    assert.equal(loopback.invalidAddresses, 3);
    const netns = plan(endpoints, [], manual, { allowLoopback: false });
    assert.deepEqual(netns.create[0]?.endpoints?.map((e) => e.addresses?.[0]), ['10.0.0.1']);
    assert.equal(netns.invalidAddresses, 4);
  });

  it('mirrors at most 1000 addresses per subset, ready ones first', () => {
    const addresses = Array.from({ length: 1001 }, (_, i) => addr(`10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`));
    const result = plan(endpointsOf([{ addresses: addresses.slice(0, 600), notReadyAddresses: addresses.slice(600), ports: pg }]));
    const endpoints = result.create[0]?.endpoints ?? [];
    assert.equal(endpoints.length, 1000);
    assert.equal(endpoints.filter((e) => e.conditions?.ready).length, 600);
    assert.equal(result.overLimitAddresses, 1);
  });

  it('deletes every mirrored slice when mirroring stops applying', () => {
    const endpoints = endpointsOf([{ addresses: [addr('127.0.0.1')], ports: pg }]);
    const slices = apply([], plan(endpoints));
    const cases: Array<[string, ReturnType<typeof plan>]> = [
      ['the Endpoints is gone', plan(undefined, slices)],
      ['the Service is gone', planMirroredSlices(undefined, endpoints, slices)],
      ['the Service gained a selector', plan(endpoints, slices, makeService('db', { selector: { app: 'db' } }))],
      ['skip-mirror', plan(endpointsOf(endpoints.subsets, { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }), slices)],
      ['a leader-election lock', plan(endpointsOf(endpoints.subsets, { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } }), slices)],
      ['no addresses left', plan(endpointsOf([]), slices)],
    ];
    for (const [why, result] of cases) assert.deepEqual(counts(result), { create: 0, update: 0, delete: 1 }, why);
  });

  it('creates nothing for an Endpoints being deleted', () => {
    const endpoints = endpointsOf([{ addresses: [addr('127.0.0.1')], ports: pg }], { deletionTimestamp: '2026-01-01T00:00:00Z' });
    assert.deepEqual(counts(plan(endpoints)), { create: 0, update: 0, delete: 0 });
  });

  it('does not modify its inputs', () => {
    const endpoints = endpointsOf([{ addresses: [addr('127.0.0.1')], ports: pg }]);
    const slices = apply([], plan(endpoints));
    const next = endpointsOf([{ addresses: [addr('127.0.0.2')], ports: [{ name: 'pg', port: 1, protocol: 'TCP' }] }], { labels: { a: 'b' } });
    const before = structuredClone({ next, slices });
    planMirroredSlices(manual, next, slices);
    assert.deepEqual({ next, slices }, before);
  });
});
