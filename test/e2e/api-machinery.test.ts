// Object lifecycle as the Kubernetes API defines it: generated names, graceful deletion of
// scheduled pods, finalizers, deletecollection, paging with an expired token, and namespaces
// that refuse new objects while they terminate.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:tls';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { rawRequest } from '../support/http.ts';

const pods = '/api/v1/namespaces/default/pods';
const pod = (name: string, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'machinery' } },
  spec: { containers: [{ name: 'main', image: 'nginx' }] },
  ...extra,
});

describe('API machinery', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster();
  });
  after(() => cluster.stop());

  it('generateName makes a unique name from the prefix', async () => {
    const body = { ...pod(''), metadata: { generateName: 'web-', labels: { app: 'gen' } } };
    const names = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await rawRequest(cluster, { method: 'POST', path: pods, body });
      assert.equal(res.status, 201);
      assert.match(res.json.metadata.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      names.add(res.json.metadata.name);
    }
    assert.equal(names.size, 5);
  });

  it('a scheduled pod is deleted gracefully: terminating first, gone when deleted with grace 0', async () => {
    assert.equal((await rawRequest(cluster, { method: 'POST', path: pods, body: pod('graceful', { spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 45, containers: [{ name: 'main', image: 'nginx' }] } }) })).status, 201);
    const first = await rawRequest(cluster, { method: 'DELETE', path: `${pods}/graceful` });
    assert.equal(first.status, 200);
    assert.equal(first.json.metadata.deletionGracePeriodSeconds, 45);
    assert.ok(first.json.metadata.deletionTimestamp);
    assert.equal((await rawRequest(cluster, { path: `${pods}/graceful` })).status, 200, 'still there while it terminates');

    // A second delete may shorten the grace period, and moves the deadline with it; never lengthen it.
    const longer = await rawRequest(cluster, { method: 'DELETE', path: `${pods}/graceful?gracePeriodSeconds=100` });
    assert.equal(longer.json.metadata.deletionGracePeriodSeconds, 45);
    assert.equal(longer.json.metadata.deletionTimestamp, first.json.metadata.deletionTimestamp);
    const shorter = await rawRequest(cluster, { method: 'DELETE', path: `${pods}/graceful?gracePeriodSeconds=5` });
    assert.equal(shorter.json.metadata.deletionGracePeriodSeconds, 5);
    assert.equal(Date.parse(first.json.metadata.deletionTimestamp) - Date.parse(shorter.json.metadata.deletionTimestamp), 40_000);
    const final = await rawRequest(cluster, { method: 'DELETE', path: `${pods}/graceful?gracePeriodSeconds=0` });
    assert.equal(final.status, 200);
    assert.equal((await rawRequest(cluster, { path: `${pods}/graceful` })).status, 404);

    // Never scheduled: nothing runs it, so it goes at once.
    await rawRequest(cluster, { method: 'POST', path: pods, body: pod('unscheduled') });
    assert.equal((await rawRequest(cluster, { method: 'DELETE', path: `${pods}/unscheduled` })).status, 200);
    assert.equal((await rawRequest(cluster, { path: `${pods}/unscheduled` })).status, 404);
  });

  it('a pod held by scheduling gates says so, and cannot be bound until they are gone', async () => {
    const gated = pod('gated', { spec: { schedulingGates: [{ name: 'example.com/gate' }], containers: [{ name: 'main', image: 'nginx' }] } });
    const created = await rawRequest(cluster, { method: 'POST', path: pods, body: gated });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.json.status.conditions, [
      { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' },
    ]);
    const table = await rawRequest(cluster, { path: `${pods}/gated`, headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    assert.equal(table.json.rows[0].cells[2], 'SchedulingGated');
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'gated' }, target: { kind: 'Node', name: 'node-1' } };
    const refused = await rawRequest(cluster, { method: 'POST', path: `${pods}/gated/binding`, body: binding });
    assert.equal(refused.status, 500);
    assert.equal(refused.json.message, 'Internal error occurred: pod gated has non-empty .spec.schedulingGates');
    assert.equal((await rawRequest(cluster, { path: `${pods}/gated` })).json.spec.nodeName, undefined);
  });

  it("a pod's priority comes from its PriorityClass, as upstream's Priority admission gives it", async () => {
    const withClass = (name: string, spec: object) => pod(name, { spec: { ...spec, containers: [{ name: 'main', image: 'nginx' }] } });
    const plain = await rawRequest(cluster, { method: 'POST', path: pods, body: withClass('prio-none', {}) });
    assert.deepEqual([plain.json.spec.priority, plain.json.spec.preemptionPolicy], [0, 'PreemptLowerPriority']);
    const critical = await rawRequest(cluster, { method: 'POST', path: pods, body: withClass('prio-critical', { priorityClassName: 'system-cluster-critical' }) });
    assert.equal(critical.json.spec.priority, 2_000_000_000);
    const unknown = await rawRequest(cluster, { method: 'POST', path: pods, body: withClass('prio-unknown', { priorityClassName: 'gold' }) });
    assert.equal(unknown.status, 403);
    assert.equal(unknown.json.message, 'pods "prio-unknown" is forbidden: no PriorityClass with name gold was found');
    const stated = await rawRequest(cluster, { method: 'POST', path: pods, body: withClass('prio-stated', { priority: 7 }) });
    assert.equal(stated.status, 403);
    assert.match(stated.json.message, /the integer value of priority \(7\) must not be provided in pod spec; priority admission controller computed 0/);
  });

  it("a pod's status keeps podIP and podIPs (and hostIP and hostIPs) together, as upstream's conversion does", async () => {
    await rawRequest(cluster, { method: 'POST', path: pods, body: pod('addressed') });
    const single = await rawRequest(cluster, { method: 'PATCH', path: `${pods}/addressed/status`, contentType: 'application/merge-patch+json', body: { status: { podIP: '127.0.0.9', hostIP: '127.0.0.1' } } });
    assert.deepEqual(single.json.status.podIPs, [{ ip: '127.0.0.9' }]);
    assert.deepEqual(single.json.status.hostIPs, [{ ip: '127.0.0.1' }]);
    const plural = await rawRequest(cluster, { method: 'PATCH', path: `${pods}/addressed/status`, contentType: 'application/merge-patch+json', body: { status: { podIPs: [{ ip: '127.0.0.10' }] } } });
    assert.equal(plural.json.status.podIP, '127.0.0.10');
  });

  it('pods tolerate unhealthy nodes for 300 s unless they say otherwise (DefaultTolerationSeconds)', async () => {
    const created = await rawRequest(cluster, { method: 'POST', path: pods, body: pod('tolerant') });
    assert.deepEqual(created.json.spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
    const custom = await rawRequest(cluster, {
      method: 'POST',
      path: pods,
      body: pod('impatient', { spec: { tolerations: [own], containers: [{ name: 'main', image: 'nginx' }] } }),
    });
    assert.deepEqual(custom.json.spec.tolerations, [
      own,
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const describe = await cluster.kubectl(['describe', 'pod', 'tolerant']);
    assert.match(describe.stdout, /Tolerations:\s+node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n\s+node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s/);
  });

  it('managedFields record what the client sent, not what the server added on create', async () => {
    assert.equal((await cluster.kubectl(['run', 'owned', '--image=nginx', '--port=80'])).code, 0);
    const got = await cluster.kubectl(['get', 'pod', 'owned', '-o', 'json', '--show-managed-fields']);
    const created = JSON.parse(got.stdout);
    assert.equal(created.spec.tolerations.length, 2, 'the server added the default tolerations');
    assert.equal(created.status.phase, 'Pending');
    assert.equal(created.metadata.managedFields.length, 1);
    const [entry] = created.metadata.managedFields;
    assert.equal(entry.manager, 'kubectl-run');
    assert.equal(entry.operation, 'Update');
    assert.ok(entry.fieldsV1['f:spec']['f:containers'], 'the containers kubectl sent are its fields');
    assert.ok(entry.fieldsV1['f:spec']['f:restartPolicy'], 'defaults applied while decoding count, as upstream');
    assert.equal(entry.fieldsV1['f:spec']['f:tolerations'], undefined, 'admission defaults are nobody\'s');
    assert.equal(entry.fieldsV1['f:status'], undefined, 'status is reset on create');
  });

  it('status writes keep spec; a Deployment keeps its labels, a Pod its ownerReferences, and both take annotations', async () => {
    const deployments = '/apis/apps/v1/namespaces/default/deployments';
    const selector = { matchLabels: { app: 'status' } };
    const template = { metadata: { labels: { app: 'status' } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } };
    await rawRequest(cluster, { method: 'POST', path: deployments, body: { metadata: { name: 'status', labels: { tier: 'web' } }, spec: { selector, template } } });
    const written = await rawRequest(cluster, {
      method: 'PATCH',
      path: `${deployments}/status/status`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { tier: 'changed' }, annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { replicas: 9 }, status: { observedGeneration: 1 } },
    });
    assert.equal(written.status, 200, written.text);
    assert.deepEqual(written.json.metadata.labels, { tier: 'web' });
    assert.equal(written.json.metadata.annotations['deployment.kubernetes.io/revision'], '1');
    assert.equal(written.json.spec.replicas, 1);
    assert.equal(written.json.status.observedGeneration, 1);

    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'b0f6c4a8-0000-4000-8000-000000000001', controller: true };
    await rawRequest(cluster, { method: 'POST', path: pods, body: pod('status-pod', { metadata: { name: 'status-pod', ownerReferences: [owner] } }) });
    const podStatus = await rawRequest(cluster, {
      method: 'PATCH',
      path: `${pods}/status-pod/status`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { ownerReferences: null, annotations: { seen: 'yes' } }, status: { phase: 'Running' } },
    });
    assert.equal(podStatus.status, 200, podStatus.text);
    assert.deepEqual(podStatus.json.metadata.ownerReferences, [owner]);
    assert.equal(podStatus.json.metadata.annotations.seen, 'yes');
    assert.equal(podStatus.json.status.phase, 'Running');
  });

  it('finalizers hold a deleted object until they are removed', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] }, data: { a: 'b' } };
    await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: cm });
    const deleting = await rawRequest(cluster, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/held' });
    assert.equal(deleting.status, 200);
    assert.ok(deleting.json.metadata.deletionTimestamp);
    const stillThere = await rawRequest(cluster, { path: '/api/v1/namespaces/default/configmaps/held' });
    assert.equal(stillThere.status, 200);
    await rawRequest(cluster, {
      method: 'PATCH',
      path: '/api/v1/namespaces/default/configmaps/held',
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: null } },
    });
    assert.equal((await rawRequest(cluster, { path: '/api/v1/namespaces/default/configmaps/held' })).status, 404);
  });

  it('DeleteOptions come from the body when there is one: a dry run there deletes nothing', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    for (const name of ['dry-1', 'dry-2']) await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name, labels: { dry: 'yes' } } } });
    // What `kubectl delete --dry-run=server` sends.
    const one = await rawRequest(cluster, { method: 'DELETE', path: `${path}/dry-1`, body: { propagationPolicy: 'Background', dryRun: ['All'] } });
    assert.equal(one.status, 200, one.text);
    const all = await rawRequest(cluster, { method: 'DELETE', path: `${path}?labelSelector=dry`, body: { dryRun: ['All'] } });
    assert.equal(all.json.items.length, 2);
    const left = await rawRequest(cluster, { path: `${path}?labelSelector=dry` });
    assert.deepEqual(left.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['dry-1', 'dry-2']);

    // With a body, the query's options do not count.
    const bodyWins = await rawRequest(cluster, { method: 'DELETE', path: `${path}/dry-1?dryRun=All`, body: {} });
    assert.equal(bodyWins.status, 200);
    assert.equal((await rawRequest(cluster, { path: `${path}/dry-1` })).status, 404);
  });

  it('DeleteOptions are validated as upstream: 422 DeleteOptions.meta.k8s.io', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'opts' } } });
    const bogus = await rawRequest(cluster, { method: 'DELETE', path: `${path}/opts?propagationPolicy=Bogus` });
    assert.equal(bogus.status, 422, bogus.text);
    assert.equal(bogus.json.message, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"');
    const both = await rawRequest(cluster, { method: 'DELETE', path: `${path}/opts`, body: { orphanDependents: true, propagationPolicy: 'Orphan' } });
    assert.equal(both.status, 422);
    assert.equal(both.json.message, 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set');
    const dryRun = await rawRequest(cluster, { method: 'DELETE', path: `${path}/opts`, body: { dryRun: ['Some'] } });
    assert.equal(dryRun.json.message, 'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"');
    const createDryRun = await rawRequest(cluster, { method: 'POST', path: `${path}?dryRun=Some`, body: { metadata: { name: 'never' } } });
    assert.equal(createDryRun.status, 422);
    assert.equal(createDryRun.json.message, 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"');
    assert.equal((await rawRequest(cluster, { path: `${path}/opts` })).status, 200, 'nothing deleted by a rejected request');

    const stale = await rawRequest(cluster, { method: 'DELETE', path: `${path}/opts`, body: { preconditions: { uid: 'not-the-uid' } } });
    assert.equal(stale.status, 409);
    assert.match(stale.json.message, /^Operation cannot be fulfilled on ConfigMap "opts": the UID in the precondition \(not-the-uid\) does not match the UID in record \(.+\)\. The object might have been deleted and then recreated$/);
    assert.equal(stale.json.details.kind, 'ConfigMap');

    // 202 for a deletion left pending only when asked for cascading the deprecated way.
    await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'opts-held', finalizers: ['example.com/hold'] } } });
    const cascading = await rawRequest(cluster, { method: 'DELETE', path: `${path}/opts-held`, body: { orphanDependents: false } });
    assert.equal(cascading.status, 202, cascading.text);
    assert.ok(cascading.json.metadata.deletionTimestamp);
    await rawRequest(cluster, { method: 'PATCH', path: `${path}/opts-held`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
  });

  it('namespaces are deleted one by one: no deletecollection, as upstream', async () => {
    assert.equal((await rawRequest(cluster, { method: 'DELETE', path: '/api/v1/namespaces' })).status, 405);
    const discovery = await rawRequest(cluster, { path: '/api/v1' });
    const namespaces = discovery.json.resources.find((r: { name: string }) => r.name === 'namespaces');
    assert.deepEqual(namespaces.verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
  });

  it('default, kube-system and kube-public may not be deleted', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const res = await rawRequest(cluster, { method: 'DELETE', path: `/api/v1/namespaces/${name}` });
      assert.equal(res.status, 403);
      assert.equal(res.json.message, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
      assert.equal((await rawRequest(cluster, { path: `/api/v1/namespaces/${name}` })).json.status.phase, 'Active');
    }
  });

  it('marking an object for deletion bumps its generation', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const deployment = {
      metadata: { name: 'held-deploy', finalizers: ['example.com/hold'] },
      spec: { selector: { matchLabels: { app: 'held' } }, template: { metadata: { labels: { app: 'held' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    };
    const created = await rawRequest(cluster, { method: 'POST', path, body: deployment });
    assert.equal(created.status, 201, created.text);
    const marked = await rawRequest(cluster, { method: 'DELETE', path: `${path}/held-deploy` });
    assert.equal(marked.json.metadata.generation, created.json.metadata.generation + 1);
    await rawRequest(cluster, { method: 'PATCH', path: `${path}/held-deploy`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } });
  });

  it('an update or patch may not rename the object, move it, or change its uid', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const created = await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'fixed' }, data: { a: '1' } } });
    const merge = (body: object) => rawRequest(cluster, { method: 'PATCH', path: `${path}/fixed`, contentType: 'application/merge-patch+json', body });
    const renamed = await merge({ metadata: { name: 'other' } });
    assert.equal(renamed.status, 400);
    assert.equal(renamed.json.message, 'the name of the object (other) does not match the name on the URL (fixed)');
    const moved = await merge({ metadata: { namespace: 'kube-system' } });
    assert.equal(moved.status, 400);
    assert.equal(moved.json.message, 'the namespace of the provided object does not match the namespace sent on the request');
    const newUid = await merge({ metadata: { uid: 'abc' } });
    assert.equal(newUid.status, 422);
    assert.equal(newUid.json.message, 'ConfigMap "fixed" is invalid: metadata.uid: Invalid value: "abc": field is immutable');
    const nameless = await rawRequest(cluster, { method: 'PUT', path: `${path}/fixed`, body: { data: { a: '2' } } });
    assert.equal(nameless.status, 400);
    assert.equal(nameless.json.message, 'the name of the object (fixed based on URL) was undeterminable: name must be provided');

    // Leaving uid out of a PUT is fine: it is the stored one.
    const replaced = await rawRequest(cluster, { method: 'PUT', path: `${path}/fixed`, body: { metadata: { name: 'fixed' }, data: { a: '3' } } });
    assert.equal(replaced.status, 200, replaced.text);
    assert.equal(replaced.json.metadata.uid, created.json.metadata.uid);
    const current = await rawRequest(cluster, { path: `${path}/fixed` });
    assert.deepEqual(current.json.data, { a: '3' });
  });

  it('server-side apply drops a manager whose fields are all gone', async () => {
    const path = '/api/v1/namespaces/default/configmaps/ssa-gone?fieldManager=kubectl';
    const apply = (body: object) => rawRequest(cluster, { method: 'PATCH', path, contentType: 'application/apply-patch+yaml', body });
    await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa-gone', labels: { a: '1' } }, data: { x: '1' } });
    const emptied = await apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa-gone' } });
    assert.equal(emptied.status, 200, emptied.text);
    assert.equal(emptied.json.data, undefined);
    const managers = (emptied.json.metadata.managedFields ?? []).map((entry: { manager: string; operation: string }) => `${entry.manager}/${entry.operation}`);
    assert.ok(!managers.includes('kubectl/Apply'), JSON.stringify(emptied.json.metadata.managedFields));
  });

  it('a read ahead of the server is a 504 whose cause says so; a body without a Content-Type is JSON', async () => {
    const ahead = await rawRequest(cluster, { path: '/api/v1/namespaces/default/configmaps?resourceVersion=99999999' });
    assert.equal(ahead.status, 504);
    assert.match(ahead.json.message, /^Timeout: Too large resource version: 99999999, current: \d+$/);
    assert.deepEqual(ahead.json.details, { retryAfterSeconds: 1, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] });

    // What `kubectl scale --current-replicas` sends: a Scale PUT with no Content-Type.
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const spec = { replicas: 1, selector: { matchLabels: { app: 'untyped' } }, template: { metadata: { labels: { app: 'untyped' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } };
    await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'untyped' }, spec } });
    const scale = await rawRequest(cluster, { path: `${path}/untyped/scale` });
    const scaled = await rawRequest(cluster, { method: 'PUT', path: `${path}/untyped/scale`, body: { ...scale.json, spec: { replicas: 2 } }, headers: { 'Content-Type': '' } });
    assert.equal(scaled.status, 200, scaled.text);
    assert.equal(scaled.json.spec.replicas, 2);
  });

  it('server-side apply: 201 when it creates, 422 without a manager, 400 for another name; force is for apply alone', async () => {
    const path = '/api/v1/namespaces/default/configmaps/applied';
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { a: '1' } };
    const apply = (query: string, body: object = config) => rawRequest(cluster, { method: 'PATCH', path: `${path}${query}`, contentType: 'application/apply-patch+yaml', body });
    const anonymous = await apply('');
    assert.equal(anonymous.status, 422);
    assert.equal(anonymous.json.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const renamed = await apply('?fieldManager=ops', { ...config, metadata: { name: 'other' } });
    assert.equal(renamed.status, 400);
    assert.equal(renamed.json.message, 'the name of the object (other) does not match the name on the URL (applied)');
    assert.equal((await apply('?fieldManager=ops')).status, 201);
    assert.equal((await apply('?fieldManager=ops')).status, 200);
    const forced = await rawRequest(cluster, { method: 'PATCH', path: `${path}?force=true`, contentType: 'application/merge-patch+json', body: { data: { b: '2' } } });
    assert.equal(forced.status, 422);
    assert.equal(forced.json.message, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    const unknownMode = await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/configmaps?fieldValidation=Foo', body: { metadata: { name: 'never' } } });
    assert.equal(unknownMode.status, 422);
    assert.equal((await rawRequest(cluster, { path: '/api/v1/namespaces/default/configmaps/never' })).status, 404);
  });

  it('server-side apply of a field the schema does not declare fails as upstream, whatever fieldValidation says', async () => {
    const path = '/api/v1/namespaces/default/configmaps/undeclared?fieldManager=ops&fieldValidation=Ignore';
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'undeclared', namespace: 'default', labelz: { a: 'b' } }, foo: 1 };
    const res = await rawRequest(cluster, { method: 'PATCH', path, contentType: 'application/apply-patch+yaml', body: config });
    assert.equal(res.status, 500);
    assert.equal(res.json.reason, undefined);
    assert.equal(
      res.json.message,
      'failed to create typed patch object (default/undeclared; /v1, Kind=ConfigMap): errors:\n  .metadata.labelz: field not declared in schema\n  .foo: field not declared in schema',
    );
    assert.equal((await rawRequest(cluster, { path: '/api/v1/namespaces/default/configmaps/undeclared' })).status, 404);

    // A configuration that is not an object at all is the caller's mistake.
    const scalar = await rawRequest(cluster, { method: 'PATCH', path, contentType: 'application/apply-patch+yaml', body: '"apiVersion: v1"' });
    assert.equal(scalar.status, 400);
    assert.equal(scalar.json.message, 'error decoding YAML: json: cannot unmarshal string into Go value of type map[string]interface {}');
  });

  it('a GET at a resourceVersion is answered not older than it', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const created = await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'versioned' } } });
    const atVersion = await rawRequest(cluster, { path: `${path}/versioned?resourceVersion=${created.json.metadata.resourceVersion}` });
    assert.equal(atVersion.status, 200);
    const ahead = await rawRequest(cluster, { path: `${path}/versioned?resourceVersion=99999999` });
    assert.equal(ahead.status, 504);
    assert.equal(ahead.json.details.causes[0].reason, 'ResourceVersionTooLarge');
    const garbled = await rawRequest(cluster, { path: `${path}/versioned?resourceVersion=abc` });
    assert.equal(garbled.status, 400);
  });

  it('deletecollection deletes what the selector matches, and only that', async () => {
    for (const name of ['dc-1', 'dc-2', 'dc-3']) {
      await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: { name, labels: { batch: name === 'dc-3' ? 'keep' : 'drop' } } } });
    }
    const res = await rawRequest(cluster, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps?labelSelector=batch%3Ddrop' });
    assert.equal(res.status, 200);
    assert.match(res.json.metadata.resourceVersion, /^\d+$/);
    assert.deepEqual(res.json.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort(), ['dc-1', 'dc-2']);
    const left = await rawRequest(cluster, { path: '/api/v1/namespaces/default/configmaps?labelSelector=batch' });
    assert.deepEqual(left.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['dc-3']);
  });

  it('a page at a resourceVersion is exact unless it says NotOlderThan, which pages the latest', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    for (const name of ['snap-1', 'snap-2', 'snap-3']) await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name, labels: { snap: 'yes' } }, data: { v: 'old' } } });
    const before = (await rawRequest(cluster, { path: `${path}?labelSelector=snap` })).json.metadata.resourceVersion;
    await rawRequest(cluster, { method: 'PATCH', path: `${path}/snap-1`, contentType: 'application/merge-patch+json', body: { data: { v: 'new' } } });

    const exact = await rawRequest(cluster, { path: `${path}?labelSelector=snap&limit=2&resourceVersion=${before}` });
    assert.equal(exact.json.metadata.resourceVersion, before);
    assert.equal(exact.json.items[0].data.v, 'old', 'the state at that version');
    assert.ok(exact.json.metadata.continue);

    const latest = await rawRequest(cluster, { path: `${path}?limit=1&resourceVersion=${before}&resourceVersionMatch=NotOlderThan` });
    assert.equal(latest.json.items.length, 1);
    assert.ok(latest.json.metadata.continue);
    assert.ok(Number(latest.json.metadata.resourceVersion) > Number(before));
    const snap1 = await rawRequest(cluster, { path: `${path}?labelSelector=snap&limit=1&resourceVersion=${before}&resourceVersionMatch=NotOlderThan` });
    assert.equal(snap1.json.items[0].data.v, 'new');
  });

  it('pages one snapshot; a token older than the kept history gets 410 Expired', async () => {
    for (let i = 0; i < 7; i++) await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: { metadata: { name: `page-${i}`, labels: { paged: 'yes' } } } });
    const first = await rawRequest(cluster, { path: '/api/v1/namespaces/default/configmaps?labelSelector=paged&limit=3' });
    assert.equal(first.json.items.length, 3);
    assert.ok(first.json.metadata.continue);
    await rawRequest(cluster, { method: 'DELETE', path: '/api/v1/namespaces/default/configmaps/page-5' });
    const second = await rawRequest(cluster, { path: `/api/v1/namespaces/default/configmaps?labelSelector=paged&limit=3&continue=${encodeURIComponent(first.json.metadata.continue)}` });
    assert.equal(second.json.metadata.resourceVersion, first.json.metadata.resourceVersion, 'same snapshot');
    const third = await rawRequest(cluster, { path: `/api/v1/namespaces/default/configmaps?labelSelector=paged&limit=3&continue=${encodeURIComponent(second.json.metadata.continue)}` });
    assert.deepEqual(
      [...first.json.items, ...second.json.items, ...third.json.items].map((i: { metadata: { name: string } }) => i.metadata.name),
      ['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6'],
    );

    await cluster.store.compact(await cluster.store.currentRevision());
    const expired = await rawRequest(cluster, { path: `/api/v1/namespaces/default/configmaps?labelSelector=paged&limit=3&continue=${encodeURIComponent(first.json.metadata.continue)}` });
    assert.equal(expired.status, 410);
    assert.equal(expired.json.reason, 'Expired');
    assert.match(expired.json.message, /^The provided continue parameter is too old/);
    // The 410 carries a token that goes on from the same key at the latest revision.
    const rest = await rawRequest(cluster, { path: `/api/v1/namespaces/default/configmaps?labelSelector=paged&limit=10&continue=${encodeURIComponent(expired.json.metadata.continue)}` });
    assert.equal(rest.status, 200, rest.text);
    assert.deepEqual(rest.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['page-3', 'page-4', 'page-6']);
  });

  it('a terminating namespace refuses new objects; its DELETE leaves it Terminating for the namespace controller', async () => {
    await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'doomed' } } });
    const res = await rawRequest(cluster, { method: 'DELETE', path: '/api/v1/namespaces/doomed' });
    assert.ok(res.status === 200 || res.status === 202);
    const ns = await rawRequest(cluster, { path: '/api/v1/namespaces/doomed' });
    assert.equal(ns.json.status.phase, 'Terminating');
    assert.deepEqual(ns.json.spec.finalizers, ['kubernetes']);
    const refused = await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/doomed/configmaps', body: { metadata: { name: 'late' } } });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.message, 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
    assert.deepEqual(refused.json.details.causes, [
      { reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' },
    ]);
  });

  it('WatchList: sendInitialEvents streams the current state, then a BOOKMARK saying it ended, then changes', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    for (const name of ['listed-1', 'listed-2']) await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name, labels: { listed: 'yes' } } } });
    const query = 'watch=true&labelSelector=listed&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=2';
    const watch = rawRequest(cluster, { path: `${path}?${query}` });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'listed-3', labels: { listed: 'yes' } } } });
    const events = (await watch).text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { type: string; object: { metadata: { name?: string; annotations?: Record<string, string> } } });
    const initialEnd = events.findIndex((e) => e.type === 'BOOKMARK' && e.object.metadata.annotations?.['k8s.io/initial-events-end'] === 'true');
    assert.deepEqual(events.slice(0, initialEnd).map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'listed-1'], ['ADDED', 'listed-2']]);
    assert.deepEqual(events.slice(initialEnd + 1).filter((e) => e.type !== 'BOOKMARK').map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'listed-3']]);

    // Its rules, as upstream validates a watch; a list may not ask for it at all.
    const noBookmarks = await rawRequest(cluster, { path: `${path}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan` });
    assert.equal(noBookmarks.status, 422);
    assert.equal(noBookmarks.json.message, 'ListOptions.meta.k8s.io "" is invalid: allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true');
    const matchAlone = await rawRequest(cluster, { path: `${path}?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan` });
    assert.equal(matchAlone.status, 422);
    assert.match(matchAlone.json.message, /resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided/);
    const list = await rawRequest(cluster, { path: `${path}?sendInitialEvents=true` });
    assert.equal(list.json.message, 'ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list');
  });

  it('a watch from a revision the server has not reached opens at once and sends only later changes', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const current = Number((await rawRequest(cluster, { path })).json.metadata.resourceVersion);
    const since = current + 2;
    const watch = rawRequest(cluster, { path: `${path}?watch=true&labelSelector=ahead&resourceVersion=${since}&timeoutSeconds=2` });
    const created: number[] = [];
    for (const name of ['ahead-1', 'ahead-2', 'ahead-3']) {
      const res = await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name, labels: { ahead: 'yes' } } } });
      created.push(Number(res.json.metadata.resourceVersion));
    }
    const res = await watch;
    assert.equal(res.status, 200);
    const seen = res.text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => Number((JSON.parse(line) as { object: { metadata: { resourceVersion: string } } }).object.metadata.resourceVersion));
    assert.deepEqual(seen, created.filter((rv) => rv > since));
    assert.ok(seen.includes(created[2] as number));
  });

  it('a Lease drops the coordinated leader election fields, off in 1.32', async () => {
    const path = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
    const created = await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'coordinated' }, spec: { holderIdentity: 'a', strategy: 'OldestEmulationVersion', preferredHolder: 'b' } } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.json.spec, { holderIdentity: 'a' });
    const invalidBefore = await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'preferred' }, spec: { preferredHolder: 'b' } } });
    assert.equal(invalidBefore.status, 201, 'dropped before validation, as upstream');
  });

  it("an event's source, for field selectors, falls back to its reporting controller", async () => {
    const path = '/api/v1/namespaces/default/events';
    const event = {
      metadata: { name: 'reported' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'Tested',
      reportingComponent: 'my-controller',
      reportingInstance: 'my-controller-1',
      type: 'Normal',
      eventTime: '2026-01-01T00:00:00.000000Z',
      action: 'Test',
    };
    const created = await rawRequest(cluster, { method: 'POST', path, body: event });
    assert.equal(created.status, 201, created.text);
    const found = await rawRequest(cluster, { path: `${path}?fieldSelector=source%3Dmy-controller` });
    assert.deepEqual(found.json.items.map((e: { metadata: { name: string } }) => e.metadata.name), ['reported']);
  });

  it('boolean query parameters read as upstream: present is true unless 0 or false', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    for (const flag of ['watch', 'watch=True', 'watch=1']) {
      const res = await rawRequest(cluster, { path: `${path}?${flag}&timeoutSeconds=1&resourceVersion=0&labelSelector=nothing-has-this` });
      assert.equal(res.headers['transfer-encoding'], 'chunked', flag);
    }
    for (const flag of ['watch=false', 'watch=0', 'watch=FALSE']) {
      const res = await rawRequest(cluster, { path: `${path}?${flag}` });
      assert.equal(res.json.kind, 'ConfigMapList', flag);
    }
  });

  it('a Scale asked for as a Table has its own columns; a single object Table carries its resourceVersion', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments';
    const spec = { replicas: 3, selector: { matchLabels: { app: 'scaled' } }, template: { metadata: { labels: { app: 'scaled' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } };
    const created = await rawRequest(cluster, { method: 'POST', path, body: { metadata: { name: 'scaled' }, spec } });
    const accept = { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
    const scale = await rawRequest(cluster, { path: `${path}/scaled/scale`, headers: accept });
    assert.deepEqual(scale.json.columnDefinitions.map((c: { name: string }) => c.name), ['Name', 'Desired', 'Available', 'Age']);
    assert.deepEqual(scale.json.rows[0].cells.slice(0, 3), ['scaled', 3, 0]);
    const one = await rawRequest(cluster, { path: `${path}/scaled`, headers: accept });
    assert.equal(one.json.metadata.resourceVersion, created.json.metadata.resourceVersion);
  });

  it('a watch on one object sees only that object; a named GET with ?watch=true is a get', async () => {
    for (const name of ['watched-one', 'watched-other']) {
      assert.equal((await rawRequest(cluster, { method: 'POST', path: pods, body: pod(name) })).status, 201);
    }
    const got = await rawRequest(cluster, { path: `${pods}/watched-one?watch=true` });
    assert.equal(got.status, 200);
    assert.equal(got.json.metadata.name, 'watched-one');

    const legacy = (query: string) => `/api/v1/watch/namespaces/default/pods/watched-one?timeoutSeconds=1${query}`;
    const res = await rawRequest(cluster, { path: legacy('&resourceVersion=0') });
    const names = res.text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata.name);
    assert.deepEqual(names, ['watched-one']);

    const mismatch = await rawRequest(cluster, { path: legacy('&fieldSelector=metadata.name%3Dwatched-other') });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json.message, "fieldSelector metadata.name doesn't match requested name");
  });

  it('a watch pipelined behind another on one connection waits its turn and loses nothing', async () => {
    const list = await rawRequest(cluster, { path: `${pods}?labelSelector=app%3Dpipelined` });
    const watch = (timeoutSeconds: number) =>
      `GET ${pods}?watch=true&labelSelector=app%3Dpipelined&resourceVersion=${list.json.metadata.resourceVersion}&timeoutSeconds=${timeoutSeconds} HTTP/1.1\r\n` +
      `Host: 127.0.0.1\r\nAuthorization: Bearer ${cluster.tokens.admin}\r\n\r\n`;
    const url = new URL(cluster.server.url);
    const socket = connect({ host: url.hostname, port: Number(url.port), ca: cluster.caPem });
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    // Both requests in one write: the second response cannot start before the first ends.
    socket.write(watch(1) + watch(3) + `GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    const labeled = (name: string) => pod(name, { metadata: { name, labels: { app: 'pipelined' } } });
    assert.equal((await rawRequest(cluster, { method: 'POST', path: pods, body: labeled('during-first') })).status, 201);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await rawRequest(cluster, { method: 'POST', path: pods, body: labeled('during-second') })).status, 201);
    await closed;

    const responses = parseHttpResponses(Buffer.concat(received));
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 200],
    );
    const events = (body: string) =>
      body
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => {
          const event = JSON.parse(line) as { type: string; object: { metadata: { name: string } } };
          return `${event.type} ${event.object.metadata.name}`;
        });
    assert.deepEqual(events(responses[0]!.body), ['ADDED during-first']);
    assert.deepEqual(events(responses[1]!.body), ['ADDED during-first', 'ADDED during-second']);
    assert.match(responses[2]!.body, /"gitVersion"/);
  });
});

/** Consecutive HTTP/1.1 responses from one connection, each body de-chunked (strictly). */
function parseHttpResponses(bytes: Buffer): { status: number; body: string }[] {
  const responses: { status: number; body: string }[] = [];
  let at = 0;
  const lineAt = (from: number) => {
    const end = bytes.indexOf('\r\n', from);
    assert.ok(end >= 0, `an unterminated line at byte ${from}`);
    return { text: bytes.subarray(from, end).toString('latin1'), next: end + 2 };
  };
  while (at < bytes.length) {
    let line = lineAt(at);
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(line.text)?.[1]);
    assert.ok(status, `a status line at byte ${at}: ${JSON.stringify(line.text)}`);
    const headers = new Map<string, string>();
    for (line = lineAt(line.next); line.text !== ''; line = lineAt(line.next)) {
      const colon = line.text.indexOf(':');
      headers.set(line.text.slice(0, colon).toLowerCase(), line.text.slice(colon + 1).trim());
    }
    at = line.next;
    const parts: Buffer[] = [];
    if (headers.get('transfer-encoding') === 'chunked') {
      for (;;) {
        const size = lineAt(at);
        assert.match(size.text, /^[0-9a-f]+$/, `a chunk size at byte ${at}`);
        const length = parseInt(size.text, 16);
        parts.push(bytes.subarray(size.next, size.next + length));
        assert.equal(bytes.subarray(size.next + length, size.next + length + 2).toString(), '\r\n', 'a chunk ends with CRLF');
        at = size.next + length + 2;
        if (length === 0) break;
      }
    } else {
      const length = Number(headers.get('content-length'));
      parts.push(bytes.subarray(at, at + length));
      at += length;
    }
    responses.push({ status, body: Buffer.concat(parts).toString('utf8') });
  }
  return responses;
}
