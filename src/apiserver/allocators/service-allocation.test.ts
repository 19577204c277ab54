import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Service } from '../../api/core/v1/service.ts';
import type { KubeObject } from '../../api/meta/v1.ts';
import { openSqliteStore } from '../../storage/sqlite/index.ts';
import type { Store } from '../../storage/store.ts';
import { ApiError } from '../http/api-error.ts';
import { ServiceAllocation } from './service-allocation.ts';
import { parseServiceCIDR } from './service-cidr.ts';

const svc = (name: string, spec: Service['spec']): KubeObject => ({ metadata: { namespace: 'default', name }, spec }) as KubeObject;
const specOf = (o: KubeObject) => (o as Service).spec!;

describe('ServiceAllocation', () => {
  let dir: string;
  let store: Store;
  let allocation: ServiceAllocation;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubesvc-alloc-'));
    store = openSqliteStore({ path: join(dir, 'state.db') });
    allocation = new ServiceAllocation(store, parseServiceCIDR('127.96.0.0/24'));
    await allocation.load();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives a ClusterIP service a free IP from the dynamic band, and a chosen one when asked', async () => {
    const a = await allocation.beforeCreate(svc('a', { type: 'ClusterIP', ports: [{ port: 80 }] }), false);
    await a.commit();
    const ip = specOf(a.object).clusterIP!;
    assert.match(ip, /^127\.96\.0\.(\d+)$/);
    assert.ok(Number(ip.split('.')[3]) > 16, `${ip} is in the dynamic band (offset 16 for a /24)`);
    assert.deepEqual(specOf(a.object).clusterIPs, [ip]);

    const b = await allocation.beforeCreate(svc('b', { type: 'ClusterIP', clusterIP: '127.96.0.10' }), false);
    assert.equal(specOf(b.object).clusterIP, '127.96.0.10');
  });

  it('refuses a taken or out-of-range IP with upstream messages, and takes nothing', async () => {
    await (await allocation.beforeCreate(svc('dns', { type: 'ClusterIP', clusterIP: '127.96.0.10' }), false)).commit();
    const taken = await allocation.beforeCreate(svc('x', { type: 'ClusterIP', clusterIP: '127.96.0.10' }), false).catch((e) => e);
    assert.ok(taken instanceof ApiError);
    assert.equal(taken.httpStatus, 422);
    assert.equal(
      taken.status.message,
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.10"}: failed to allocate IP 127.96.0.10: provided IP is already allocated',
    );
    const outside = await allocation.beforeCreate(svc('y', { type: 'ClusterIP', clusterIP: '10.0.0.1' }), false).catch((e) => e);
    assert.match(outside.status.message, /the provided IP \(10\.0\.0\.1\) is not in the valid range\. The range of valid IPs is 127\.96\.0\.0\/24/);
  });

  it('gives NodePort services one node port per port number, in range, and refuses a taken one', async () => {
    const r = await allocation.beforeCreate(
      svc('dns', { type: 'NodePort', ports: [{ name: 'udp', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53, protocol: 'TCP' }, { name: 'web', port: 80, nodePort: 30080 }] }),
      false,
    );
    await r.commit();
    const [udp, tcp, web] = specOf(r.object).ports!;
    assert.equal(udp!.nodePort, tcp!.nodePort, '53/UDP and 53/TCP share a node port');
    assert.ok(udp!.nodePort! >= 30086 && udp!.nodePort! <= 32767);
    assert.equal(web!.nodePort, 30080);
    const clash = await allocation.beforeCreate(svc('other', { type: 'NodePort', ports: [{ port: 81, nodePort: 30080 }] }), false).catch((e) => e);
    assert.equal(clash.status.message, 'Service "other" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  });

  it('refuses one node port asked for by two ports with different port numbers, and gives back what it took', async () => {
    const ports = [
      { name: 'http', port: 80, protocol: 'TCP', nodePort: 30124 },
      { name: 'dns', port: 81, protocol: 'UDP', nodePort: 30124 },
    ];
    const twice = await allocation.beforeCreate(svc('twice', { type: 'NodePort', ports }), false).catch((e) => e);
    assert.ok(twice instanceof ApiError);
    assert.equal(twice.httpStatus, 422);
    assert.equal(twice.status.message, 'Service "twice" is invalid: spec.ports[1].nodePort: Invalid value: 30124: provided port is already allocated');
    const again = await allocation.beforeCreate(svc('again', { type: 'NodePort', ports: [{ port: 80, nodePort: 30124 }] }), false);
    assert.equal(specOf(again.object).ports![0]!.nodePort, 30124, 'the failed create gave 30124 back');
  });

  it('shares a node port by port number on create only: 53/UDP and 53/TCP asked for once, or allocated once', async () => {
    const asked = await allocation.beforeCreate(
      svc('asked', { type: 'NodePort', ports: [{ name: 'udp', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53, protocol: 'TCP', nodePort: 30053 }] }),
      false,
    );
    assert.deepEqual(specOf(asked.object).ports!.map((p) => p.nodePort), [30053, 30053], 'the port asked for by the second is shared with the first');

    const plain = await allocation.beforeCreate(
      svc('dns', { type: 'ClusterIP', ports: [{ name: 'udp', port: 53, protocol: 'UDP' }, { name: 'tcp', port: 53, protocol: 'TCP' }] }),
      false,
    );
    await plain.commit();
    const toNodePort = await allocation.beforeUpdate(svc('dns', { ...specOf(plain.object), type: 'NodePort' }), plain.object, false);
    const [udp, tcp] = specOf(toNodePort.object).ports!;
    assert.ok(udp!.nodePort && tcp!.nodePort, 'both ports get a node port');
    assert.notEqual(udp!.nodePort, tcp!.nodePort, 'an update gives each port its own, as upstream updateNodePorts');
  });

  it('allocateLoadBalancerNodePorts: false allocates no node port unless one is asked for, on create and on update', async () => {
    const spec: Service['spec'] = {
      type: 'LoadBalancer',
      allocateLoadBalancerNodePorts: false,
      ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, nodePort: 30443 }],
    };
    const created = await allocation.beforeCreate(svc('lb', spec), false);
    await created.commit();
    assert.deepEqual(specOf(created.object).ports!.map((p) => p.nodePort), [undefined, 30443]);

    const grown = { ...specOf(created.object), ports: [...specOf(created.object).ports!, { name: 'admin', port: 8080 }] };
    const updated = await allocation.beforeUpdate(svc('lb', grown), created.object, false);
    assert.deepEqual(specOf(updated.object).ports!.map((p) => p.nodePort), [undefined, 30443, undefined]);

    const allocating = await allocation.beforeCreate(svc('lb2', { ...spec, allocateLoadBalancerNodePorts: true, ports: [{ port: 80 }] }), false);
    assert.ok(specOf(allocating.object).ports![0]!.nodePort, 'allocateLoadBalancerNodePorts: true allocates as before');
  });

  it('answers a health check node port it cannot take with upstream\'s internal error', async () => {
    await (await allocation.beforeCreate(svc('holder', { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] }), false)).commit();
    const local = (name: string, healthCheckNodePort: number): KubeObject =>
      svc(name, { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort, ports: [{ port: 80 }] });

    const taken = await allocation.beforeCreate(local('taken', 30100), false).catch((e) => e);
    assert.ok(taken instanceof ApiError);
    assert.equal(taken.httpStatus, 500);
    assert.equal(taken.status.reason, 'InternalError');
    assert.equal(taken.status.message, 'Internal error occurred: failed to allocate requested HealthCheck NodePort 30100: provided port is already allocated');

    const outside = await allocation.beforeCreate(local('outside', 40000), false).catch((e) => e);
    assert.equal(outside.httpStatus, 500);
    assert.equal(
      outside.status.message,
      'Internal error occurred: failed to allocate requested HealthCheck NodePort 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );

    const toLocal = await allocation.beforeCreate(svc('cluster', { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', ports: [{ port: 80 }] }), false);
    await toLocal.commit();
    const update = await allocation
      .beforeUpdate(svc('cluster', { ...specOf(toLocal.object), externalTrafficPolicy: 'Local', healthCheckNodePort: 30100 }), toLocal.object, false)
      .catch((e) => e);
    assert.equal(update.httpStatus, 500, 'an update that starts needing a health check port fails the same way');
  });

  it('keeps what an update still holds, releases what it drops, and frees everything on delete', async () => {
    const created = await allocation.beforeCreate(svc('s', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), false);
    await created.commit();
    const before = created.object;
    const toClusterIP = await allocation.beforeUpdate(svc('s', { ...specOf(before), type: 'ClusterIP', ports: [{ port: 80 }] }), before, false);
    await toClusterIP.commit();
    assert.equal(specOf(toClusterIP.object).clusterIP, specOf(before).clusterIP, 'the IP is kept');
    // 30080 is free again: another service can take it.
    await (await allocation.beforeCreate(svc('t', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }), false)).commit();

    const toExternal = await allocation.beforeUpdate(svc('s', { type: 'ExternalName', externalName: 'example.com' }), toClusterIP.object, false);
    await toExternal.commit();
    const reuse = await allocation.beforeCreate(svc('u', { type: 'ClusterIP', clusterIP: specOf(before).clusterIP }), false);
    assert.equal(specOf(reuse.object).clusterIP, specOf(before).clusterIP, 'ExternalName released the IP');
    await reuse.commit();
    await allocation.afterDelete(reuse.object);
    const again = await allocation.beforeCreate(svc('v', { type: 'ClusterIP', clusterIP: specOf(before).clusterIP }), false);
    assert.equal(specOf(again.object).clusterIP, specOf(before).clusterIP, 'delete released the IP');
  });

  it('undo gives back what a failed write took; allocations survive a reload', async () => {
    const failed = await allocation.beforeCreate(svc('f', { type: 'ClusterIP', clusterIP: '127.96.0.20' }), false);
    await failed.undo();
    const kept = await allocation.beforeCreate(svc('g', { type: 'ClusterIP', clusterIP: '127.96.0.20' }), false);
    await kept.commit();

    const reloaded = new ServiceAllocation(store, parseServiceCIDR('127.96.0.0/24'));
    await reloaded.load();
    const clash = await reloaded.beforeCreate(svc('h', { type: 'ClusterIP', clusterIP: '127.96.0.20' }), false).catch((e) => e);
    assert.ok(clash instanceof ApiError && clash.httpStatus === 422);
    for (let i = 0; i < 50; i++) {
      const next = await reloaded.beforeCreate(svc(`n${i}`, { type: 'ClusterIP' }), false);
      assert.notEqual(specOf(next.object).clusterIP, '127.96.0.20', 'dynamic allocation never hands out a held IP');
      await next.commit();
    }
  });
});
