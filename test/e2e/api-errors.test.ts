// Bad input gets the Status a real API server sends (reason, code, message, causes), and a
// rejected write changes nothing in the store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCluster, type TestCluster } from '../support/api-server.ts';
import { rawRequest, type RawRequest } from '../support/http.ts';

const services = '/api/v1/namespaces/default/services';
const service = (name: string, spec: object = { ports: [{ port: 80 }] }) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });

describe('API errors', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster();
    assert.equal((await rawRequest(cluster, { method: 'POST', path: services, body: service('existing') })).status, 201);
  });
  after(() => cluster.stop());

  /** Sends a request that must be refused, and checks the store did not move. */
  async function refused(req: RawRequest) {
    const before = await cluster.store.currentRevision();
    const res = await rawRequest(cluster, req);
    assert.equal(await cluster.store.currentRevision(), before, `${req.method} ${req.path} wrote to the store`);
    return res;
  }

  it('404 for a missing object and for a path nobody serves', async () => {
    const missing = await rawRequest(cluster, { path: `${services}/nope` });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'services "nope" not found',
      reason: 'NotFound', details: { name: 'nope', kind: 'services' }, code: 404,
    });
    const apps = await rawRequest(cluster, { path: '/apis/apps/v1/namespaces/default/deployments/nope' });
    assert.equal(apps.json.message, 'deployments.apps "nope" not found');
    const unknown = await rawRequest(cluster, { path: '/apis/example.com/v1/widgets' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.message, 'the server could not find the requested resource');
  });

  it('409 AlreadyExists on create, 409 Conflict on a stale update', async () => {
    const dup = await refused({ method: 'POST', path: services, body: service('existing') });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.reason, 'AlreadyExists');
    assert.equal(dup.json.message, 'services "existing" already exists');

    const current = (await rawRequest(cluster, { path: `${services}/existing` })).json;
    await rawRequest(cluster, { method: 'PATCH', path: `${services}/existing`, contentType: 'application/merge-patch+json', body: { metadata: { labels: { v: '2' } } } });
    const stale = await refused({ method: 'PUT', path: `${services}/existing`, body: current });
    assert.equal(stale.status, 409);
    assert.equal(stale.json.reason, 'Conflict');
    assert.equal(
      stale.json.message,
      'Operation cannot be fulfilled on services "existing": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('422 Invalid with field paths for each cause', async () => {
    const bad = await refused({
      method: 'POST',
      path: services,
      body: service('bad', { ports: [{ port: 70000 }, { port: 80, protocol: 'XTP' }], sessionAffinity: 'Sometimes' }),
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.json.reason, 'Invalid');
    assert.equal(bad.json.details.kind, 'Service');
    const fields = bad.json.details.causes.map((c: { field: string }) => c.field);
    for (const field of ['spec.ports[0].name', 'spec.ports[0].port', 'spec.ports[1].protocol', 'spec.sessionAffinity']) {
      assert.ok(fields.includes(field), `${field} in ${fields.join(', ')}`);
    }
    assert.match(bad.json.message, /^Service "bad" is invalid: \[/);
  });

  it('400 for bad selectors and unsupported field labels', async () => {
    const label = await rawRequest(cluster, { path: `${services}?labelSelector=${encodeURIComponent('app in (a')}` });
    assert.equal(label.status, 400);
    assert.equal(label.json.reason, 'BadRequest');
    const field = await rawRequest(cluster, { path: `${services}?fieldSelector=${encodeURIComponent('spec.selector=x')}` });
    assert.equal(field.status, 400);
    assert.equal(field.json.message, 'field label not supported: spec.selector');
  });

  it('400 for an unknown field under Strict, a warning under Warn, silence under Ignore', async () => {
    const body = { ...service('strict'), spec: { ports: [{ port: 80 }], colour: 'blue' } };
    const strict = await refused({ method: 'POST', path: `${services}?fieldValidation=Strict`, body });
    assert.equal(strict.status, 400);
    assert.match(strict.json.message, /strict decoding error: unknown field "spec\.colour"/);
    const warn = await rawRequest(cluster, { method: 'POST', path: `${services}?fieldValidation=Warn`, body });
    assert.equal(warn.status, 201);
    assert.match(String(warn.headers.warning), /299 - "unknown field \\"spec\.colour\\""/);
    assert.equal(warn.json.spec.colour, undefined);
  });

  it('415 for a body type the server does not read, 413 past the body limit', async () => {
    const unsupported = await refused({ method: 'POST', path: services, body: 'x', contentType: 'text/plain' });
    assert.equal(unsupported.status, 415);
    assert.equal(unsupported.json.reason, 'UnsupportedMediaType');
    const huge = await refused({ method: 'POST', path: services, body: Buffer.alloc(3 * 1024 * 1024 + 1, 32) });
    assert.equal(huge.status, 413);
    assert.equal(huge.json.reason, 'RequestEntityTooLarge');
  });

  it('401 without a valid token, 403 when the read-only token writes', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await refused({ method: 'POST', path: services, body: service('anon'), token });
      assert.equal(res.status, 401);
      assert.equal(res.json.reason, 'Unauthorized');
    }
    assert.equal((await rawRequest(cluster, { path: '/healthz', token: null })).status, 200, 'health is public');
    assert.equal((await rawRequest(cluster, { path: services, token: cluster.tokens.readOnly })).status, 200);
    const write = await refused({ method: 'DELETE', path: `${services}/existing`, token: cluster.tokens.readOnly });
    assert.equal(write.status, 403);
    assert.equal(write.json.reason, 'Forbidden');
    assert.match(write.json.message, /^services "existing" is forbidden: User "[^"]+" cannot delete resource "services" in API group "" in the namespace "default"$/);
    assert.equal(write.json.details.name, 'existing');
    const clusterWide = await refused({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'nope' } }, token: cluster.tokens.readOnly });
    assert.match(clusterWide.json.message, /^namespaces is forbidden: User "[^"]+" cannot create resource "namespaces" in API group "" at the cluster scope$/);
  });

  const genericStatus = (code: number, reason: string, message: string) => ({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: {}, code,
  });
  const notAllowed = genericStatus(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const noSuchPath = genericStatus(404, 'NotFound', 'the server could not find the requested resource');
  const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } });

  it('405 for a method the path has no route for: POST on an item, PUT/PATCH on a collection, POST across namespaces', async () => {
    const configmaps = '/api/v1/namespaces/default/configmaps';
    const cases: Array<[string, string]> = [
      ['POST', `${configmaps}/foo`],
      ['PUT', configmaps],
      ['PATCH', configmaps],
      ['POST', '/api/v1/configmaps'],
      ['DELETE', '/api/v1/configmaps'],
      ['POST', '/api/v1/watch/namespaces/default/configmaps'],
    ];
    for (const [method, path] of cases) {
      const res = await refused({ method, path, body: configMap('bar'), contentType: method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.deepEqual(res.json, notAllowed, `${method} ${path}`);
    }
    assert.equal((await rawRequest(cluster, { path: `${configmaps}/bar` })).status, 404, 'the POST on an item created nothing');
  });

  it('404 "could not find the requested resource" for paths with no route at all', async () => {
    assert.equal((await rawRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: configMap('cm2') })).status, 201);
    const paths = [
      '/api/v1/namespaces/default/nodes',
      '/api/v1/namespaces/default/configmaps/cm2/foo',
      '/api/v1/namespaces/default/configmaps/cm2/status',
      '/api/v1/configmaps/cm2',
      '/api/v1/watch/namespaces/default/pods/p/status',
    ];
    for (const path of paths) {
      const res = await rawRequest(cluster, { path });
      assert.equal(res.status, 404, path);
      assert.deepEqual(res.json, noSuchPath, path);
    }
    const created = await refused({ method: 'POST', path: '/api/v1/namespaces/default/nodes', body: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n9' } } });
    assert.deepEqual(created.json, noSuchPath);
  });

  it('health: ?verbose lists ping, log and etcd; each check answers on its own path; unknown checks 404', async () => {
    for (const endpoint of ['livez', 'readyz', 'healthz']) {
      const verbose = await rawRequest(cluster, { path: `/${endpoint}?verbose`, token: null });
      assert.equal(verbose.status, 200);
      assert.equal(verbose.text, `[+]ping ok\n[+]log ok\n[+]etcd ok\n${endpoint} check passed\n`);
      for (const check of ['ping', 'log', 'etcd']) {
        const one = await rawRequest(cluster, { path: `/${endpoint}/${check}` });
        assert.deepEqual([one.status, one.text], [200, 'ok'], `/${endpoint}/${check}`);
      }
      const unknown = await rawRequest(cluster, { path: `/${endpoint}/nope` });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.json, noSuchPath);
    }
  });

  it('404 for a create in a namespace that does not exist', async () => {
    const res = await refused({ method: 'POST', path: '/api/v1/namespaces/nowhere/services', body: service('lost') });
    assert.equal(res.status, 404);
    assert.equal(res.json.message, 'namespaces "nowhere" not found');
  });
});
