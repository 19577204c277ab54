// `kubectl auth can-i`, `kubectl auth whoami` and the review APIs behind them, against kubesvc's
// real authorization: the admin token may do everything, the read-only token only reads (and
// asks about itself). Nothing a review does is stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { rawRequest } from '../support/http.ts';

const ACCESS_REVIEWS = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

describe('kubectl auth against kubesvc', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster();
  });
  after(() => cluster.stop());

  /** kubectl as the admin, or with `--token` as the read-only user. */
  const kubectl = (args: string[], as: 'admin' | 'readOnly' = 'admin') =>
    cluster.kubectl(as === 'admin' ? args : ['--token', cluster.tokens.readOnly, ...args]);

  it('can-i answers yes to the admin and no to the read-only token for a write', async () => {
    const admin = await kubectl(['auth', 'can-i', 'create', 'pods']);
    assert.equal(admin.stdout, 'yes\n', admin.stderr);
    assert.equal(admin.code, 0);
    const reader = await kubectl(['auth', 'can-i', 'create', 'pods'], 'readOnly');
    assert.equal(reader.stdout, 'no\n', reader.stderr);
    assert.equal(reader.code, 1, 'kubectl exits 1 on no');
  });

  it('can-i answers yes to the read-only token for reads, subresources and non-resource paths as the server would', async () => {
    for (const args of [['list', 'pods'], ['get', 'deployments.apps'], ['watch', 'services', '-A'], ['get', '/healthz']]) {
      const result = await kubectl(['auth', 'can-i', ...args], 'readOnly');
      assert.equal(result.stdout, 'yes\n', `can-i ${args.join(' ')}: ${result.stderr}`);
    }
    for (const args of [['patch', 'deployments', '--subresource=scale'], ['delete', 'namespaces'], ['post', '/api']]) {
      const result = await kubectl(['auth', 'can-i', ...args], 'readOnly');
      assert.equal(result.stdout, 'no\n', `can-i ${args.join(' ')}: ${result.stderr}`);
    }
  });

  it('what can-i says is what the server does', async () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: asked}\n';
    const refused = await cluster.kubectl(['--token', cluster.tokens.readOnly, 'create', '-f', '-'], configMap);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Error from server \(Forbidden\).*User "kubesvc-readonly" cannot create resource "configmaps"/);
    assert.match((await cluster.kubectl(['create', '-f', '-'], configMap)).stdout, /configmap\/asked created/);
  });

  it('can-i --list prints the rules of each token', async () => {
    const admin = await kubectl(['auth', 'can-i', '--list']);
    assert.equal(admin.code, 0, admin.stderr);
    assert.match(admin.stdout, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/m);
    assert.match(admin.stdout, /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
    assert.match(admin.stdout, /^\s+\[\*\]\s+\[\]\s+\[\*\]$/m);
    const reader = await kubectl(['auth', 'can-i', '--list', '--no-headers'], 'readOnly');
    assert.equal(reader.code, 0, reader.stderr);
    assert.match(reader.stdout, /^\*\.\*\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.match(reader.stdout, /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    assert.match(reader.stdout, /^\s+\[\*\]\s+\[\]\s+\[get\]$/m);
    assert.doesNotMatch(reader.stdout, /\[\*\]$/m, 'no write verbs for the read-only token');
  });

  it('whoami prints the user and its groups', async () => {
    const admin = await kubectl(['auth', 'whoami']);
    assert.equal(admin.code, 0, admin.stderr);
    assert.match(admin.stdout, /^Username\s+kubesvc-admin$/m);
    assert.match(admin.stdout, /^Groups\s+\[system:masters system:authenticated\]$/m);
    const reader = await kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}'], 'readOnly');
    assert.equal(reader.stdout, 'kubesvc-readonly ["system:authenticated"]', reader.stderr);
  });

  it('api-resources lists the review resources', async () => {
    const resources = await kubectl(['api-resources']);
    assert.equal(resources.code, 0, resources.stderr);
    assert.match(resources.stdout, /^selfsubjectaccessreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectAccessReview$/m);
    assert.match(resources.stdout, /^selfsubjectrulesreviews\s+authorization\.k8s\.io\/v1\s+false\s+SelfSubjectRulesReview$/m);
    assert.match(resources.stdout, /^selfsubjectreviews\s+authentication\.k8s\.io\/v1\s+false\s+SelfSubjectReview$/m);
  });

  it('a review is only created (201, nothing stored); other methods and paths are refused as upstream routes them', async () => {
    const before = await cluster.store.currentRevision();
    const review = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'delete', resource: 'nodes' } } };
    const created = await rawRequest(cluster, { method: 'POST', path: ACCESS_REVIEWS, body: review, token: cluster.tokens.readOnly });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json, { ...review, status: { allowed: false } });
    assert.equal(await cluster.store.currentRevision(), before, 'a review writes nothing');

    const invalid = await rawRequest(cluster, { method: 'POST', path: ACCESS_REVIEWS, body: { ...review, spec: {} } });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.json.reason, 'Invalid');
    assert.match(invalid.json.message, /spec\.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified$/);

    assert.equal((await rawRequest(cluster, { path: ACCESS_REVIEWS })).status, 405);
    assert.equal((await rawRequest(cluster, { method: 'POST', path: `${ACCESS_REVIEWS}/named`, body: review })).status, 404);
    assert.equal((await rawRequest(cluster, { method: 'POST', path: `/apis/authorization.k8s.io/v1/namespaces/default/selfsubjectaccessreviews`, body: review })).status, 404);
    assert.equal((await rawRequest(cluster, { method: 'POST', path: ACCESS_REVIEWS, body: review, token: null })).status, 401);
  });
});
