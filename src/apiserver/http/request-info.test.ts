import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource } from '../../api/resources.ts';
import { parseRequestInfo, routeOf, type Route } from './request-info.ts';

const parse = (method: string, url: string) => {
  const u = new URL(url, 'https://127.0.0.1');
  return parseRequestInfo(method, u.pathname, u.searchParams);
};

describe('parseRequestInfo', () => {
  const cases: Array<[string, string, unknown]> = [
    ['GET', '/api/v1/namespaces/default/pods', { kind: 'resource', verb: 'list', group: '', version: 'v1', namespace: 'default', resource: 'pods' }],
    ['GET', '/api/v1/pods', { kind: 'resource', verb: 'list', group: '', version: 'v1', resource: 'pods' }],
    ['GET', '/api/v1/namespaces/default/pods?watch=true', { kind: 'resource', verb: 'watch', group: '', version: 'v1', namespace: 'default', resource: 'pods' }],
    ['GET', '/api/v1/namespaces/default/pods/web?watch=true', { kind: 'resource', verb: 'get', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web' }],
    ['GET', '/api/v1/watch/namespaces/default/pods/web', { kind: 'resource', verb: 'watch', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web', watchPrefix: true }],
    ['GET', '/api/v1/watch/namespaces/default/pods', { kind: 'resource', verb: 'watch', group: '', version: 'v1', namespace: 'default', resource: 'pods', watchPrefix: true }],
    ['GET', '/api/v1/namespaces/default/pods/web', { kind: 'resource', verb: 'get', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web' }],
    ['PUT', '/api/v1/namespaces/default/pods/web/status', { kind: 'resource', verb: 'update', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web', subresource: 'status' }],
    ['PATCH', '/apis/apps/v1/namespaces/ns1/deployments/d/scale', { kind: 'resource', verb: 'patch', group: 'apps', version: 'v1', namespace: 'ns1', resource: 'deployments', name: 'd', subresource: 'scale' }],
    ['POST', '/api/v1/namespaces', { kind: 'resource', verb: 'create', group: '', version: 'v1', resource: 'namespaces' }],
    ['GET', '/api/v1/namespaces/kube-system', { kind: 'resource', verb: 'get', group: '', version: 'v1', resource: 'namespaces', name: 'kube-system' }],
    ['PUT', '/api/v1/namespaces/kube-system/finalize', { kind: 'resource', verb: 'update', group: '', version: 'v1', resource: 'namespaces', name: 'kube-system', subresource: 'finalize' }],
    ['GET', '/api/v1/namespaces/kube-system/status', { kind: 'resource', verb: 'get', group: '', version: 'v1', resource: 'namespaces', name: 'kube-system', subresource: 'status' }],
    ['DELETE', '/api/v1/namespaces/default/services', { kind: 'resource', verb: 'deletecollection', group: '', version: 'v1', namespace: 'default', resource: 'services' }],
    ['DELETE', '/api/v1/namespaces/default/services/s', { kind: 'resource', verb: 'delete', group: '', version: 'v1', namespace: 'default', resource: 'services', name: 's' }],
    ['GET', '/api', { kind: 'nonResource', path: '/api', discovery: { legacy: true } }],
    ['GET', '/apis', { kind: 'nonResource', path: '/apis', discovery: { legacy: false } }],
    ['GET', '/apis/apps', { kind: 'nonResource', path: '/apis/apps', discovery: { group: 'apps', legacy: false } }],
    ['GET', '/apis/apps/v1', { kind: 'nonResource', path: '/apis/apps/v1', discovery: { group: 'apps', version: 'v1', legacy: false } }],
    ['GET', '/api/v1', { kind: 'nonResource', path: '/api/v1', discovery: { group: '', version: 'v1', legacy: true } }],
    ['GET', '/version', { kind: 'nonResource', path: '/version' }],
    ['GET', '/api/v1/namespaces/default/pods/web/log/extra', { kind: 'nonResource', path: '/api/v1/namespaces/default/pods/web/log/extra' }],
  ];
  for (const [method, url, expected] of cases) {
    it(`${method} ${url}`, () => assert.deepEqual(parse(method, url), expected));
  }
});

describe('routeOf', () => {
  /** Parses the request and asks whether upstream has a route for it. */
  const route = (method: string, url: string): Route => {
    const request = parse(method, url);
    assert.equal(request.kind, 'resource', url);
    if (request.kind !== 'resource') throw new Error('unreachable');
    const resource = findResource(request.group, request.version, request.resource);
    assert.ok(resource, url);
    return routeOf(request, resource);
  };
  const cases: Array<[string, string, Route]> = [
    // A namespaced kind's collection: list, create, deletecollection; no PUT or PATCH.
    ['GET', '/api/v1/namespaces/t/configmaps', 'served'],
    ['POST', '/api/v1/namespaces/t/configmaps', 'served'],
    ['DELETE', '/api/v1/namespaces/t/configmaps', 'served'],
    ['PUT', '/api/v1/namespaces/t/configmaps', 'methodNotAllowed'],
    ['PATCH', '/api/v1/namespaces/t/configmaps', 'methodNotAllowed'],
    // Its items: no POST (a create names its object in the body, on the collection).
    ['GET', '/api/v1/namespaces/t/configmaps/foo', 'served'],
    ['PUT', '/api/v1/namespaces/t/configmaps/foo', 'served'],
    ['PATCH', '/api/v1/namespaces/t/configmaps/foo', 'served'],
    ['DELETE', '/api/v1/namespaces/t/configmaps/foo', 'served'],
    ['POST', '/api/v1/namespaces/t/configmaps/foo', 'methodNotAllowed'],
    // Across namespaces: list and watch only; no item paths at all.
    ['GET', '/api/v1/configmaps', 'served'],
    ['GET', '/api/v1/configmaps?watch=true', 'served'],
    ['POST', '/api/v1/configmaps', 'methodNotAllowed'],
    ['DELETE', '/api/v1/configmaps', 'methodNotAllowed'],
    ['GET', '/api/v1/configmaps/foo', 'noRoute'],
    ['PUT', '/api/v1/configmaps/foo', 'noRoute'],
    // A cluster-scoped kind has nothing under a namespace.
    ['GET', '/api/v1/nodes', 'served'],
    ['POST', '/api/v1/nodes', 'served'],
    ['GET', '/api/v1/namespaces/t/nodes', 'noRoute'],
    ['POST', '/api/v1/namespaces/t/nodes', 'noRoute'],
    ['GET', '/api/v1/namespaces/t/nodes/n1', 'noRoute'],
    ['GET', '/api/v1/namespaces/t/namespaces', 'noRoute'],
    // Subresources: only those served, with their own verbs.
    ['GET', '/api/v1/namespaces/t/configmaps/cm2/foo', 'noRoute'],
    ['GET', '/api/v1/namespaces/t/configmaps/cm2/status', 'noRoute'],
    ['PUT', '/api/v1/namespaces/t/pods/p/status', 'served'],
    ['POST', '/api/v1/namespaces/t/pods/p/status', 'methodNotAllowed'],
    ['POST', '/api/v1/namespaces/t/pods/p/binding', 'served'],
    ['GET', '/api/v1/namespaces/t/pods/p/binding', 'methodNotAllowed'],
    ['PUT', '/api/v1/namespaces/kube-system/finalize', 'served'],
    ['GET', '/api/v1/nodes/n1/status', 'served'],
    ['GET', '/api/v1/configmaps/foo/status', 'noRoute'],
    // The legacy watch prefix: GET on collections and items, nothing else.
    ['GET', '/api/v1/watch/namespaces/t/configmaps', 'served'],
    ['GET', '/api/v1/watch/namespaces/t/configmaps/foo', 'served'],
    ['GET', '/api/v1/watch/configmaps', 'served'],
    ['POST', '/api/v1/watch/namespaces/t/configmaps', 'methodNotAllowed'],
    ['GET', '/api/v1/watch/configmaps/foo', 'noRoute'],
    ['GET', '/api/v1/watch/namespaces/t/pods/p/status', 'noRoute'],
    ['GET', '/api/v1/watch/namespaces/t/nodes', 'noRoute'],
  ];
  for (const [method, url, expected] of cases) {
    it(`${method} ${url} → ${expected}`, () => assert.equal(route(method, url), expected));
  }
});
