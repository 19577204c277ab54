// pods/exec, attach and portforward: upstream always serves them, and so does kubesvc, up to the
// point where the stream would go to the pod's node, whose agent does not serve them yet. Checked
// as the machine's kubectl prints the answers and as raw Status objects.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { rawRequest } from '../support/http.ts';

const pods = '/api/v1/namespaces/default/pods';
const pod = (name: string, nodeName?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'app', image: 'busybox' }] },
});

describe('pod streams (exec, attach, portforward)', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster();
    assert.equal((await rawRequest(cluster, { method: 'POST', path: '/api/v1/nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } } })).status, 201);
    assert.equal((await rawRequest(cluster, { method: 'POST', path: pods, body: pod('pending') })).status, 201);
    assert.equal((await rawRequest(cluster, { method: 'POST', path: pods, body: pod('placed', 'n1') })).status, 201);
  });
  after(() => cluster.stop());

  // kubectl port-forward refuses a pod that is not Running by itself, so it is checked raw below.
  it('kubectl exec and attach: NotFound for a missing pod, BadRequest for an unscheduled one', async () => {
    const missing = await cluster.kubectl(['exec', 'nope', '--', 'true']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "nope" not found/);
    for (const args of [['exec', 'pending', '--', 'true'], ['attach', 'pending']]) {
      const res = await cluster.kubectl(args);
      assert.notEqual(res.code, 0, args.join(' '));
      assert.match(res.stderr, /pod pending does not have a host assigned/, `${args.join(' ')}: ${res.stderr}`);
    }
  });

  it('kubectl exec into a scheduled pod says plainly the node agent does not serve it', async () => {
    const res = await cluster.kubectl(['exec', 'placed', '--', 'true']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /Error from server: pods\/exec is not supported: the kubesvc node agent on node n1 does not serve exec/);
  });

  it('opening a stream is a create: the read-only token may not, even with a GET', async () => {
    for (const [method, sub] of [['GET', 'exec?command=true&stdout=true'], ['POST', 'attach?stdout=true'], ['GET', 'portforward?ports=80']]) {
      const res = await rawRequest(cluster, { method, path: `${pods}/placed/${sub}`, token: cluster.tokens.readOnly });
      assert.equal(res.status, 403, `${method} ${sub}`);
      assert.match(res.json.message, /cannot create resource "pods\/(exec|attach|portforward)"/);
    }
  });

  it('raw requests: 404, 400, 400 without an upgrade, 500 with one; no other method', async () => {
    const missing = await rawRequest(cluster, { method: 'POST', path: `${pods}/nope/exec?command=true&stdout=true` });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.message, 'pods "nope" not found');
    for (const path of [`${pods}/pending/attach?stdout=true`, `${pods}/pending/portforward?ports=80`]) {
      const unscheduled = await rawRequest(cluster, { path });
      assert.deepEqual([unscheduled.status, unscheduled.json.reason, unscheduled.json.message], [400, 'BadRequest', 'pod pending does not have a host assigned']);
    }
    const wrongContainer = await rawRequest(cluster, { method: 'POST', path: `${pods}/placed/exec?container=side&command=true` });
    assert.equal(wrongContainer.json.message, 'container side is not valid for pod placed');
    const plain = await rawRequest(cluster, { method: 'POST', path: `${pods}/placed/portforward?ports=80` });
    assert.deepEqual([plain.status, plain.json.message], [400, 'Upgrade request required']);
    const upgrade = await rawRequest(cluster, {
      method: 'POST',
      path: `${pods}/placed/exec?command=true&stdout=true`,
      headers: { Connection: 'Upgrade', Upgrade: 'SPDY/3.1' },
    });
    assert.equal(upgrade.status, 500);
    assert.equal(upgrade.json.reason, undefined);
    assert.match(upgrade.json.message, /^pods\/exec is not supported/);
    const put = await rawRequest(cluster, { method: 'PUT', path: `${pods}/placed/exec`, body: {} });
    assert.equal(put.status, 405);
  });
});
