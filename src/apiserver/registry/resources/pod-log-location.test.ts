import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from '../../../api/core/v1/node.ts';
import type { Pod } from '../../../api/core/v1/pod.ts';
import { ApiError } from '../../http/api-error.ts';
import {
  DEFAULT_KUBELET_PORT,
  DEFAULT_PREFERRED_ADDRESS_TYPES,
  chooseContainer,
  isFollowedRedirect,
  kubeletConnectionError,
  kubeletLogLocation,
  kubeletLogQuery,
  kubeletResponseError,
  preferredNodeAddress,
  redirectError,
  type KubeletLogLocation,
} from './pod-log-location.ts';
import type { PodLogOptions } from './pod-log-options.ts';

const pod = (spec: Pod['spec']): Pod => ({ metadata: { name: 'web', namespace: 'shop' }, spec });
const containers = (...names: string[]) => names.map((name) => ({ name, image: 'x' }));
const node = (addresses: Array<[string, string]>, port?: number): Node => ({
  metadata: { name: 'n1' },
  status: {
    addresses: addresses.map(([type, address]) => ({ type, address })),
    ...(port !== undefined ? { daemonEndpoints: { kubeletEndpoint: { Port: port } } } : {}),
  },
});
const options = (extra: Partial<PodLogOptions> = {}): PodLogOptions => ({
  container: '',
  follow: false,
  previous: false,
  timestamps: false,
  insecureSkipTLSVerifyBackend: false,
  ...extra,
});
const addressing = { preferredAddressTypes: DEFAULT_PREFERRED_ADDRESS_TYPES, defaultPort: DEFAULT_KUBELET_PORT };

function thrown(fn: () => unknown): ApiError['status'] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  assert.fail('did not throw');
}

describe('which container a pods/log request reads', () => {
  const multi = pod({ initContainers: containers('setup'), containers: containers('app', 'sidecar'), ephemeralContainers: containers('debug') });
  const chosen: Array<[string, Pod, string, string]> = [
    ['the only container when none is named', pod({ containers: containers('app') }), '', 'app'],
    ['the only regular container, though init containers exist', pod({ initContainers: containers('setup'), containers: containers('app') }), '', 'app'],
    ['a named regular container', multi, 'sidecar', 'sidecar'],
    ['a named init container', multi, 'setup', 'setup'],
    ['a named ephemeral container', multi, 'debug', 'debug'],
  ];
  for (const [title, subject, requested, expected] of chosen) {
    it(title, () => assert.equal(chooseContainer(subject, requested), expected));
  }

  const refused: Array<[string, Pod, string, string]> = [
    ['several containers and none named: all of them listed, init first, ephemeral last', multi, '',
      'a container name must be specified for pod web, choose one of: [setup app sidecar debug]'],
    ['a container the pod does not have', multi, 'nope', 'container nope is not valid for pod web'],
    ['no containers at all', pod({ containers: [] }), '', 'a container name must be specified for pod web'],
  ];
  for (const [title, subject, requested, message] of refused) {
    it(`400 for ${title}`, () => {
      assert.deepEqual(thrown(() => chooseContainer(subject, requested)), {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400,
      });
    });
  }
});

describe('which node address the kubelet is reached on', () => {
  const cases: Array<[string, Array<[string, string]>, string]> = [
    ['Hostname before everything', [['InternalIP', '10.0.0.1'], ['ExternalIP', '1.2.3.4'], ['Hostname', 'node-a']], 'node-a'],
    ['InternalDNS before InternalIP', [['InternalIP', '10.0.0.1'], ['InternalDNS', 'node-a.internal']], 'node-a.internal'],
    ['InternalIP before the external ones', [['ExternalDNS', 'node-a.example'], ['ExternalIP', '1.2.3.4'], ['InternalIP', '127.0.0.1']], '127.0.0.1'],
    ['ExternalDNS before ExternalIP', [['ExternalIP', '1.2.3.4'], ['ExternalDNS', 'node-a.example']], 'node-a.example'],
    ['the first of several of one type', [['InternalIP', '127.0.0.2'], ['InternalIP', '127.0.0.3']], '127.0.0.2'],
  ];
  for (const [title, addresses, expected] of cases) {
    it(title, () => assert.equal(preferredNodeAddress(node(addresses), DEFAULT_PREFERRED_ADDRESS_TYPES), expected));
  }

  it('follows a configured order', () => {
    assert.equal(preferredNodeAddress(node([['Hostname', 'node-a'], ['InternalIP', '127.0.0.1']]), ['InternalIP']), '127.0.0.1');
  });

  it('500 without a reason when no address has a preferred type', () => {
    const addresses: Array<[string, string]> = [['InternalIP', '127.0.0.1'], ['Hostname', 'node-a']];
    assert.deepEqual(thrown(() => preferredNodeAddress(node(addresses), ['ExternalIP'])), {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'no preferred addresses found; known addresses: [{InternalIP 127.0.0.1} {Hostname node-a}]', code: 500,
    });
    assert.equal(thrown(() => preferredNodeAddress(node([]), DEFAULT_PREFERRED_ADDRESS_TYPES)).message, 'no preferred addresses found; known addresses: []');
  });
});

describe('the kubelet URL a pods/log request goes to', () => {
  const subject = pod({ containers: containers('app') });

  it('uses the port the node reports, and every option in Go’s sorted encoding', () => {
    const all = options({ follow: true, previous: true, timestamps: true, sinceSeconds: 5n, tailLines: 2n, limitBytes: 10n, insecureSkipTLSVerifyBackend: true });
    assert.deepEqual(kubeletLogLocation(subject, 'app', node([['InternalIP', '127.0.0.1']], 10350), all, addressing), {
      host: '127.0.0.1',
      port: 10350,
      path: '/containerLogs/shop/web/app?follow=true&limitBytes=10&previous=true&sinceSeconds=5&tailLines=2&timestamps=true',
      url: 'https://127.0.0.1:10350/containerLogs/shop/web/app?follow=true&limitBytes=10&previous=true&sinceSeconds=5&tailLines=2&timestamps=true',
    });
  });

  it('falls back to the default kubelet port when the node reports none', () => {
    assert.equal(kubeletLogLocation(subject, 'app', node([['InternalIP', '127.0.0.1']]), options(), addressing).url, 'https://127.0.0.1:10250/containerLogs/shop/web/app');
    assert.equal(kubeletLogLocation(subject, 'app', node([['InternalIP', '127.0.0.1']], 0), options(), addressing).port, 10250);
  });

  it('brackets an IPv6 address in the URL only', () => {
    const location = kubeletLogLocation(subject, 'app', node([['InternalIP', '::1']], 10250), options(), addressing);
    assert.equal(location.host, '::1');
    assert.equal(location.url, 'https://[::1]:10250/containerLogs/shop/web/app');
  });

  it('escapes sinceTime as url.Values does and leaves false flags out', () => {
    assert.equal(kubeletLogQuery(options({ sinceTime: '2024-01-02T03:04:05Z' })), 'sinceTime=2024-01-02T03%3A04%3A05Z');
    assert.equal(kubeletLogQuery(options({ container: 'app', insecureSkipTLSVerifyBackend: true })), '');
  });
});

describe('what the API answers when the kubelet answers with an error', () => {
  const status = (code: number, body: string) => kubeletResponseError(code, body, 'web').status;
  const base = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' };

  it('500 becomes InternalError with the body as its cause', () => {
    assert.deepEqual(status(500, 'runtime exploded'), {
      ...base, message: 'Internal error occurred: runtime exploded', reason: 'InternalError', details: { causes: [{ message: 'runtime exploded' }] }, code: 500,
    });
  });

  it('400 becomes BadRequest with the body as the message', () => {
    assert.deepEqual(status(400, 'bad tail'), { ...base, message: 'bad tail', reason: 'BadRequest', code: 400 });
  });

  const generic: Array<[number, string, string | undefined, string]> = [
    [404, 'container not found', 'NotFound', 'the server could not find the requested resource ( pods/log web)'],
    [403, 'Forbidden (user=system:anonymous)', 'Forbidden', 'Forbidden (user=system:anonymous) ( pods/log web)'],
    [401, 'Unauthorized', 'Unauthorized', 'the server has asked for the client to provide credentials ( pods/log web)'],
    [503, 'busy', 'ServiceUnavailable', 'the server is currently unable to handle the request ( pods/log web)'],
    [502, 'bad gateway', 'InternalError', 'an error on the server ("bad gateway") has prevented the request from succeeding ( pods/log web)'],
    [418, 'teapot', undefined, 'the server responded with the status code 418 but did not return more information ( pods/log web)'],
  ];
  for (const [code, body, reason, message] of generic) {
    it(`${code} keeps its code, with upstream's generic wording`, () => {
      assert.deepEqual(status(code, body), { ...base, message, ...(reason ? { reason } : {}), details: { name: 'web', kind: 'pods/log' }, code });
    });
  }

  it('redirects are refused, naming the Location', () => {
    assert.ok(isFollowedRedirect(302, '/elsewhere'));
    assert.ok(!isFollowedRedirect(302, undefined));
    assert.ok(!isFollowedRedirect(304, '/elsewhere'));
    assert.deepEqual(redirectError('https://evil.example/x').status, { ...base, message: 'Get "https://evil.example/x": redirects forbidden', code: 500 });
  });
});

describe('what the API answers when the kubelet cannot be reached', () => {
  const location: KubeletLogLocation = { host: '127.0.0.1', port: 10250, path: '/containerLogs/shop/web/app?follow=true', url: 'https://127.0.0.1:10250/containerLogs/shop/web/app?follow=true' };
  const cases: Array<[string, Parameters<typeof kubeletConnectionError>[1], string]> = [
    ['refused', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:10250', address: '127.0.0.1', port: 10250 }, 'dial tcp 127.0.0.1:10250: connect: connection refused'],
    ['hung up', { code: 'ECONNRESET', message: 'socket hang up' }, 'EOF'],
    ['not trusted', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify the first certificate' }, 'tls: failed to verify certificate: x509: certificate signed by unknown authority'],
    ['self-signed', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }, 'tls: failed to verify certificate: x509: certificate signed by unknown authority'],
    ['for another IP', { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'mismatch', cert: { subjectaltname: 'IP Address:127.0.0.2, DNS:localhost' } }, 'tls: failed to verify certificate: x509: certificate is valid for 127.0.0.2, not 127.0.0.1'],
    ['without IP SANs', { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'mismatch', cert: { subjectaltname: 'DNS:localhost' } }, "tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs"],
    ['too slow to connect', { code: 'ETIMEDOUT_DIAL', message: 'ETIMEDOUT_DIAL' }, 'dial tcp 127.0.0.1:10250: i/o timeout'],
    ['too slow to shake hands', { code: 'ETIMEDOUT_TLS_HANDSHAKE', message: 'ETIMEDOUT_TLS_HANDSHAKE' }, 'net/http: TLS handshake timeout'],
    ['anything else', { code: 'EPROTO', message: 'wrong version number' }, 'wrong version number'],
  ];
  for (const [title, failure, detail] of cases) {
    it(`${title}: a reasonless 500 carrying Go's url.Error text`, () => {
      assert.deepEqual(kubeletConnectionError(location, failure).status, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: `Get "https://127.0.0.1:10250/containerLogs/shop/web/app?follow=true": ${detail}`, code: 500,
      });
    });
  }

  it('names a host it could not resolve', () => {
    const named = { ...location, host: 'node-a.invalid', url: 'https://node-a.invalid:10250/containerLogs/shop/web/app' };
    assert.equal(
      kubeletConnectionError(named, { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND node-a.invalid', hostname: 'node-a.invalid' }).message,
      'Get "https://node-a.invalid:10250/containerLogs/shop/web/app": dial tcp: lookup node-a.invalid: no such host',
    );
  });
});
