// Stopping and starting the API server loses nothing: objects and allocations are where they
// were, and a watch resumed from the last resourceVersion it saw misses no event.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startTestCluster } from '../support/api-server.ts';
import { rawRequest } from '../support/http.ts';
import { readWatch } from '../support/watch.ts';

const services = '/api/v1/namespaces/default/services';
const svc = (name: string, spec: object) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });

describe('API server restart', () => {
  it('keeps objects and allocations, and a resumed watch misses nothing', async () => {
    let cluster = await startTestCluster();
    try {
      const created = [];
      for (let i = 0; i < 5; i++) {
        const res = await rawRequest(cluster, { method: 'POST', path: services, body: svc(`s${i}`, { type: 'NodePort', ports: [{ port: 80 }] }) });
        assert.equal(res.status, 201);
        created.push(res.json);
      }
      const list = await rawRequest(cluster, { path: services });
      const lastSeen = list.json.metadata.resourceVersion as string;

      // Same store, same port, as `kubesvc up` restarts (a new port would change the
      // kubernetes Service's endpoints, which a resumed watch would rightly report).
      await cluster.stop({ keepStore: true });
      cluster = await startTestCluster({ store: cluster.store, dir: cluster.dir, port: cluster.server.port });

      // Objects and their allocated IPs and node ports are intact.
      for (const before of created) {
        const after = await rawRequest(cluster, { path: `${services}/${before.metadata.name}` });
        assert.equal(after.status, 200);
        assert.equal(after.json.spec.clusterIP, before.spec.clusterIP);
        assert.equal(after.json.spec.ports[0].nodePort, before.spec.ports[0].nodePort);
        assert.equal(after.json.metadata.uid, before.metadata.uid);
      }
      // Allocations survived: a held IP or node port cannot be taken again.
      const clash = await rawRequest(cluster, { method: 'POST', path: services, body: svc('clash', { clusterIP: created[0].spec.clusterIP, ports: [{ port: 80 }] }) });
      assert.equal(clash.status, 422);
      assert.match(clash.json.message, /provided IP is already allocated/);
      const portClash = await rawRequest(cluster, { method: 'POST', path: services, body: svc('clash2', { type: 'NodePort', ports: [{ port: 80, nodePort: created[1].spec.ports[0].nodePort }] }) });
      assert.equal(portClash.status, 422);

      // A watch from the last resourceVersion seen before the restart gets exactly what followed.
      const watch = readWatch(cluster, `${services}?watch=true&resourceVersion=${lastSeen}`);
      await rawRequest(cluster, { method: 'DELETE', path: `${services}/s0` });
      await rawRequest(cluster, { method: 'POST', path: services, body: svc('after', { ports: [{ port: 81 }] }) });
      const events = await watch.take(2);
      watch.close();
      assert.deepEqual(
        events.map((e) => [e.type, e.object.metadata.name]),
        [
          ['DELETED', 's0'],
          ['ADDED', 'after'],
        ],
      );
    } finally {
      await cluster.stop();
      await cluster.store.close();
      rmSync(cluster.dir, { recursive: true, force: true });
    }
  });
});
