import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SelfSubjectAccessReview } from '../../api/authorization/v1/reviews.ts';
import { ApiError } from '../http/api-error.ts';
import { answerSelfSubjectAccessReview, answerSelfSubjectReview, answerSelfSubjectRulesReview, userInfoOf } from './reviews.ts';
import type { Identity } from './tokens.ts';

const admin: Identity = { user: 'kubesvc-admin', groups: ['system:masters', 'system:authenticated'], readOnly: false };
const reader: Identity = { user: 'kubesvc-readonly', groups: ['system:authenticated'], readOnly: true };

/** What kubectl auth can-i sends (decoded from its protobuf body: metadata carries a null time). */
function accessReview(spec: SelfSubjectAccessReview['spec']): SelfSubjectAccessReview {
  return { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null } as never, spec, status: { allowed: false } };
}

function apiError(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  assert.fail('expected an ApiError');
}

describe('SelfSubjectAccessReview', () => {
  const createPods = accessReview({ resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } });
  const listPods = accessReview({ resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } });
  const getHealthz = accessReview({ nonResourceAttributes: { path: '/healthz', verb: 'get' } });
  const postApi = accessReview({ nonResourceAttributes: { path: '/api', verb: 'post' } });

  it('answers from the real rule: the admin may write, the read-only token may only read', () => {
    const allowed = (review: SelfSubjectAccessReview, who: Identity) => answerSelfSubjectAccessReview(review, who).status;
    assert.deepEqual(allowed(createPods, admin), { allowed: true });
    assert.deepEqual(allowed(createPods, reader), { allowed: false });
    assert.deepEqual(allowed(listPods, reader), { allowed: true });
    assert.deepEqual(allowed(getHealthz, reader), { allowed: true });
    assert.deepEqual(allowed(postApi, reader), { allowed: false });
    assert.deepEqual(allowed(postApi, admin), { allowed: true });
  });

  it('echoes the review with the status filled in', () => {
    const answered = answerSelfSubjectAccessReview(createPods, admin);
    assert.deepEqual(answered, { ...createPods, status: { allowed: true } });
  });

  it('needs exactly one kind of attributes (422, worded as upstream)', () => {
    const neither = apiError(() => answerSelfSubjectAccessReview(accessReview({}), admin));
    assert.equal(neither.httpStatus, 422);
    assert.equal(
      neither.status.message,
      '.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    const both = apiError(() =>
      answerSelfSubjectAccessReview(accessReview({ resourceAttributes: { verb: 'get', resource: 'pods' }, nonResourceAttributes: { path: '/x', verb: 'get' } }), admin),
    );
    assert.equal(
      both.status.message,
      '.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/x", Verb:"get"}: cannot be specified in combination with resourceAttributes',
    );
    assert.deepEqual(both.status.details?.causes?.map((c) => c.field), ['spec.nonResourceAttributes']);
  });

  it('refuses metadata: a review names nothing', () => {
    const named = { ...createPods, metadata: { name: 'mine' } };
    const error = apiError(() => answerSelfSubjectAccessReview(named, admin));
    assert.equal(error.httpStatus, 422);
    assert.match(error.status.message, /metadata: Invalid value: .*: must be empty$/);
    // managedFields do not count.
    assert.equal(answerSelfSubjectAccessReview({ ...createPods, metadata: { managedFields: [] } }, admin).status?.allowed, true);
  });
});

describe('SelfSubjectRulesReview', () => {
  const rulesReview = { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', spec: { namespace: 'default' } };

  it('lists everything for the admin and reads for the read-only token, complete in both cases', () => {
    const forAdmin = answerSelfSubjectRulesReview(rulesReview, admin);
    assert.deepEqual(forAdmin.status?.resourceRules?.[0], { verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    assert.deepEqual(forAdmin.status?.nonResourceRules, [{ verbs: ['*'], nonResourceURLs: ['*'] }]);
    assert.equal(forAdmin.status?.incomplete, false);
    const forReader = answerSelfSubjectRulesReview(rulesReview, reader);
    assert.deepEqual(forReader.status?.resourceRules, [
      { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
    ]);
    assert.deepEqual(forReader.status?.nonResourceRules, [{ verbs: ['get'], nonResourceURLs: ['*'] }]);
    // A new object, as upstream: the spec does not come back.
    assert.deepEqual(forReader.spec, {});
  });

  it('needs a namespace (400, as upstream)', () => {
    const error = apiError(() => answerSelfSubjectRulesReview({ ...rulesReview, spec: {} }, admin));
    assert.equal(error.httpStatus, 400);
    assert.equal(error.status.message, 'no namespace on request');
  });
});

describe('SelfSubjectReview', () => {
  it("says who the caller is, with the groups an authenticated token user has", () => {
    const now = Date.parse('2026-11-24T15:04:05.678Z');
    assert.deepEqual(answerSelfSubjectReview(admin, now), {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: '2026-11-24T15:04:05Z' },
      status: { userInfo: { username: 'kubesvc-admin', groups: ['system:masters', 'system:authenticated'] } },
    });
    assert.deepEqual(answerSelfSubjectReview(reader, now).status, { userInfo: { username: 'kubesvc-readonly', groups: ['system:authenticated'] } });
  });

  it('calls a caller without an identity anonymous', () => {
    assert.deepEqual(userInfoOf(undefined), { username: 'system:anonymous', groups: ['system:unauthenticated'] });
  });
});
