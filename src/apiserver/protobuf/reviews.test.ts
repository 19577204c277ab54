// The self reviews kubectl sends as protobuf (`kubectl auth whoami`, `kubectl auth can-i`).
// The bodies are kubectl v1.32's own, captured from the wire; the expected JSON is what Go's
// encoding/json prints for the same objects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeKubernetesProtobuf } from './decode.ts';
import { encodeMessage, kubernetesProtobuf } from './testing/encode.ts';

const captured = {
  whoami:
    '6b3873000a2d0a1861757468656e7469636174696f6e2e6b38732e696f2f7631121153656c665375626a656374526576696577121a0a100a0012001a00' +
    '22002a0032003800420012060a040a0012001a002200',
  canIList:
    '6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f7631121653656c665375626a65637452756c657352657669657712230a100a00' +
    '12001a0022002a0032003800420012090a0764656661756c741a04180022001a002200',
  canIGetHealthz:
    '6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577122f0a10' +
    '0a0012001a0022002a003200380042001211120f0a082f6865616c74687a12036765741a08080012001a0020001a002200',
};

const decode = (hex: string) => decodeKubernetesProtobuf(Buffer.from(hex, 'hex')).object;

describe('protobuf self reviews', () => {
  it('kubectl auth whoami: an empty SelfSubjectReview', () => {
    assert.deepStrictEqual(decode(captured.whoami), {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: {} },
    });
  });

  it('kubectl auth can-i --list: a SelfSubjectRulesReview for the namespace', () => {
    assert.deepStrictEqual(decode(captured.canIList), {
      kind: 'SelfSubjectRulesReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { namespace: 'default' },
      // The rule lists have no omitempty: Go writes the unset ones as null.
      status: { resourceRules: null, nonResourceRules: null, incomplete: false },
    });
  });

  it('kubectl auth can-i get /healthz: a SelfSubjectAccessReview of a non-resource path', () => {
    assert.deepStrictEqual(decode(captured.canIGetHealthz), {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } },
      status: { allowed: false },
    });
  });

  it('a SelfSubjectAccessReview of a resource, with its selectors', () => {
    const body = encodeMessage('k8s.io.api.authorization.v1.SelfSubjectAccessReview', {
      metadata: {},
      spec: {
        resourceAttributes: {
          namespace: 'default',
          verb: 'list',
          group: 'apps',
          resource: 'deployments',
          labelSelector: { requirements: [{ key: 'app', operator: 'In', values: ['web'] }] },
          fieldSelector: { rawSelector: 'metadata.name=web' },
        },
      },
      status: { allowed: true, reason: 'was allowed' },
    });
    const decoded = decodeKubernetesProtobuf(kubernetesProtobuf('authorization.k8s.io/v1', 'SelfSubjectAccessReview', body));
    assert.deepEqual(decoded.unknownFields, []);
    assert.deepStrictEqual(decoded.object['spec'], {
      resourceAttributes: {
        namespace: 'default',
        verb: 'list',
        group: 'apps',
        resource: 'deployments',
        fieldSelector: { rawSelector: 'metadata.name=web' },
        labelSelector: { requirements: [{ key: 'app', operator: 'In', values: ['web'] }] },
      },
    });
    assert.deepStrictEqual(decoded.object['status'], { allowed: true, reason: 'was allowed' });
  });
});
