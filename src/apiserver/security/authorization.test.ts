import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAllowed, refusal, rulesFor, type RequestAttributes } from './authorization.ts';
import type { Identity } from './tokens.ts';

const admin: Identity = { user: 'kubesvc-admin', groups: ['system:masters', 'system:authenticated'], readOnly: false };
const reader: Identity = { user: 'kubesvc-readonly', groups: ['system:authenticated'], readOnly: true };

const on = (verb: string, resource: string, more: Partial<Extract<RequestAttributes, { kind: 'resource' }>> = {}): RequestAttributes => ({
  kind: 'resource',
  verb,
  group: '',
  resource,
  ...more,
});
const at = (verb: string, path: string): RequestAttributes => ({ kind: 'nonResource', verb, path });

describe('authorization', () => {
  const cases: Array<[string, RequestAttributes, { admin: boolean; reader: boolean }]> = [
    ['create pods', on('create', 'pods', { namespace: 'default' }), { admin: true, reader: false }],
    ['get pods', on('get', 'pods', { namespace: 'default', name: 'web' }), { admin: true, reader: true }],
    ['list deployments.apps', on('list', 'deployments', { group: 'apps' }), { admin: true, reader: true }],
    ['watch services everywhere', on('watch', 'services'), { admin: true, reader: true }],
    ['delete nodes', on('delete', 'nodes', { name: 'n1' }), { admin: true, reader: false }],
    ['deletecollection configmaps', on('deletecollection', 'configmaps', { namespace: 'a' }), { admin: true, reader: false }],
    ['patch deployments/scale', on('patch', 'deployments', { group: 'apps', subresource: 'scale' }), { admin: true, reader: false }],
    ['update pods/status', on('update', 'pods', { subresource: 'status' }), { admin: true, reader: false }],
    ['get pods/log', on('get', 'pods', { subresource: 'log' }), { admin: true, reader: true }],
    ['every verb on everything', on('*', '*', { group: '*' }), { admin: true, reader: false }],
    ['an unknown verb', on('escalate', 'roles', { group: 'rbac.authorization.k8s.io' }), { admin: true, reader: false }],
    // Asking about oneself is no write: every authenticated user may.
    ['create selfsubjectaccessreviews', on('create', 'selfsubjectaccessreviews', { group: 'authorization.k8s.io' }), { admin: true, reader: true }],
    ['create selfsubjectrulesreviews', on('create', 'selfsubjectrulesreviews', { group: 'authorization.k8s.io' }), { admin: true, reader: true }],
    ['create selfsubjectreviews', on('create', 'selfsubjectreviews', { group: 'authentication.k8s.io' }), { admin: true, reader: true }],
    ['create selfsubjectreviews in the wrong group', on('create', 'selfsubjectreviews', { group: 'authorization.k8s.io' }), { admin: true, reader: false }],
    ['create subjectaccessreviews (about others)', on('create', 'subjectaccessreviews', { group: 'authorization.k8s.io' }), { admin: true, reader: false }],
    ['get /healthz', at('get', '/healthz'), { admin: true, reader: true }],
    ['get /apis/apps/v1', at('get', '/apis/apps/v1'), { admin: true, reader: true }],
    ['post /api', at('post', '/api'), { admin: true, reader: false }],
    ['delete /metrics', at('delete', '/metrics'), { admin: true, reader: false }],
  ];
  for (const [name, request, expected] of cases) {
    it(`${name}: admin ${expected.admin ? 'may' : 'may not'}, read-only ${expected.reader ? 'may' : 'may not'}`, () => {
      assert.equal(isAllowed(admin, request), expected.admin, 'admin');
      assert.equal(isAllowed(reader, request), expected.reader, 'read-only');
    });
  }

  it('lets everything through without an identity (the server runs without authentication)', () => {
    assert.equal(isAllowed(undefined, on('delete', 'namespaces', { name: 'default' })), true);
    assert.equal(isAllowed(undefined, at('post', '/anything')), true);
  });

  it('describes each caller with the rules it decides by', () => {
    assert.deepEqual(rulesFor(admin).resourceRules[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    assert.deepEqual(rulesFor(admin).nonResourceRules, [{ verbs: ['*'], nonResourceURLs: ['*'] }]);
    assert.deepEqual(rulesFor(reader).resourceRules[0], { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] });
    assert.deepEqual(rulesFor(reader).nonResourceRules, [{ verbs: ['get'], nonResourceURLs: ['*'] }]);
    assert.deepEqual(rulesFor(undefined), rulesFor(admin));
  });

  it('refuses in kube-apiserver words', () => {
    const namespaced = refusal(reader, { kind: 'resource', verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'a', name: 'web' });
    assert.equal(namespaced.httpStatus, 403);
    assert.equal(
      namespaced.status.message,
      'deployments.apps "web" is forbidden: User "kubesvc-readonly" cannot patch resource "deployments/scale" in API group "apps" in the namespace "a"',
    );
    const cluster = refusal(reader, { kind: 'resource', verb: 'create', group: '', resource: 'namespaces' });
    assert.equal(cluster.status.message, 'namespaces is forbidden: User "kubesvc-readonly" cannot create resource "namespaces" in API group "" at the cluster scope');
  });
});
