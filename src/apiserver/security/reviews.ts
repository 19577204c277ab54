// The answers to the self reviews, from kubesvc's real authentication and authorization (never a
// canned "yes"): SelfSubjectReview says who the caller is, SelfSubjectAccessReview whether one
// request would be allowed, SelfSubjectRulesReview what the caller may do. Pure: the HTTP shell
// (handlers/review.ts) decodes the body and writes what these return.
import type { SelfSubjectReview, UserInfo } from '../../api/authentication/v1/self-subject-review.ts';
import {
  validateSelfSubjectAccessReview,
  type SelfSubjectAccessReview,
  type SelfSubjectRulesReview,
} from '../../api/authorization/v1/reviews.ts';
import { formatTime } from '../../api/meta/time.ts';
import { badRequest, invalid } from '../http/api-error.ts';
import { isAllowed, rulesFor, type RequestAttributes } from './authorization.ts';
import type { Identity } from './tokens.ts';

/**
 * The user a request runs as. Without an identity the server was started without an
 * authenticator, and upstream calls such a caller the anonymous user.
 */
export function userInfoOf(identity: Identity | undefined): UserInfo {
  if (!identity) return { username: 'system:anonymous', groups: ['system:unauthenticated'] };
  return { username: identity.user, groups: [...identity.groups] };
}

/** authentication.k8s.io/v1 SelfSubjectReview: a fresh object with the caller's user info. */
export function answerSelfSubjectReview(identity: Identity | undefined, now: number): SelfSubjectReview {
  return {
    kind: 'SelfSubjectReview',
    apiVersion: 'authentication.k8s.io/v1',
    // Upstream stamps the answer with the time it was made.
    metadata: { creationTimestamp: formatTime(now) },
    status: { userInfo: userInfoOf(identity) },
  };
}

/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview: the review as sent, with its status. kubesvc's
 * rules only ever allow, so a request they do not cover is "no opinion" (allowed and denied both
 * false), as with upstream's RBAC; and neither answer carries a reason, as with AlwaysAllow.
 * Throws 422 for a review that is not exactly one kind of question.
 */
export function answerSelfSubjectAccessReview(review: SelfSubjectAccessReview, identity: Identity | undefined): SelfSubjectAccessReview {
  const errors = validateSelfSubjectAccessReview(review);
  // Upstream reports the kind as decoded into its internal version, which is empty: the message
  // reads `.authorization.k8s.io "" is invalid: …`.
  if (errors.length > 0) throw invalid('', 'authorization.k8s.io', '', errors);
  const allowed = isAllowed(identity, attributesOf(review.spec ?? {}));
  return { ...review, kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', status: { allowed } };
}

function attributesOf(spec: NonNullable<SelfSubjectAccessReview['spec']>): RequestAttributes {
  const resource = spec.resourceAttributes;
  if (resource) {
    return {
      kind: 'resource',
      verb: resource.verb ?? '',
      group: resource.group ?? '',
      resource: resource.resource ?? '',
      ...(resource.subresource ? { subresource: resource.subresource } : {}),
      ...(resource.namespace ? { namespace: resource.namespace } : {}),
      ...(resource.name ? { name: resource.name } : {}),
    };
  }
  return { kind: 'nonResource', verb: spec.nonResourceAttributes?.verb ?? '', path: spec.nonResourceAttributes?.path ?? '' };
}

/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview: the caller's rules. kubesvc's rules are the
 * same in every namespace and it knows all of them, so the list is never incomplete. As upstream,
 * the answer is a new object: only the status is filled in (spec comes back empty).
 */
export function answerSelfSubjectRulesReview(review: SelfSubjectRulesReview, identity: Identity | undefined): SelfSubjectRulesReview {
  if (!review.spec?.namespace) throw badRequest('no namespace on request');
  const rules = rulesFor(identity);
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: {},
    spec: {},
    status: {
      resourceRules: rules.resourceRules.map((rule) => ({ verbs: [...rule.verbs], apiGroups: [...rule.apiGroups], resources: [...rule.resources] })),
      nonResourceRules: rules.nonResourceRules.map((rule) => ({ verbs: [...rule.verbs], nonResourceURLs: [...rule.nonResourceURLs] })),
      incomplete: false,
    },
  };
}
