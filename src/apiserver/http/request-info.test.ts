import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequestInfo } from './request-info.ts';

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
    ['GET', '/api/v1/watch/namespaces/default/pods/web', { kind: 'resource', verb: 'watch', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: 'web' }],
    ['GET', '/api/v1/watch/namespaces/default/pods', { kind: 'resource', verb: 'watch', group: '', version: 'v1', namespace: 'default', resource: 'pods' }],
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
