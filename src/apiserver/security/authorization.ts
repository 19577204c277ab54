// kubesvc's authorization: which requests an authenticated caller may make. There is no RBAC;
// the whole policy is the rule table below, written as RBAC-style rules so that one table both
// decides requests (`isAllowed`, used by every resource request and by SelfSubjectAccessReview)
// and describes itself (`rulesFor`, what SelfSubjectRulesReview and `kubectl auth can-i --list`
// show). A review can therefore never claim something the server would refuse, or the reverse.
// Pure.
import { forbidden, type ApiError } from '../http/api-error.ts';
import type { Identity } from './tokens.ts';

/** Verbs on resources, as RBAC writes them ("*" matches every value). */
export interface ResourceRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  /** `pods`, `pods/status`, `*` (every resource), `*\/scale` (that subresource of every resource). */
  readonly resources: readonly string[];
}

/** Verbs on non-resource paths; a path ending in `*` matches every path with that prefix. */
export interface NonResourceRule {
  readonly verbs: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export interface Rules {
  readonly resourceRules: readonly ResourceRule[];
  readonly nonResourceRules: readonly NonResourceRule[];
}

/** What a request asks to do, as upstream's authorizer.Attributes. */
export type RequestAttributes =
  | {
      readonly kind: 'resource';
      readonly verb: string;
      readonly group: string;
      readonly resource: string;
      readonly subresource?: string;
      readonly namespace?: string;
      readonly name?: string;
    }
  | { readonly kind: 'nonResource'; readonly verb: string; readonly path: string };

const ALL = ['*'] as const;

/**
 * Every authenticated user may ask who they are and what they may do: upstream grants this to
 * system:authenticated through the system:basic-user role, and kubesvc's read-only token needs it
 * for `kubectl auth whoami` and `kubectl auth can-i` (asking is not a write).
 */
const SELF_REVIEWS: readonly ResourceRule[] = [
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
];

/** The admin token, and every request when the server runs without authentication. */
const EVERYTHING: Rules = {
  resourceRules: [{ verbs: ALL, apiGroups: ALL, resources: ALL }, ...SELF_REVIEWS],
  nonResourceRules: [{ verbs: ALL, nonResourceURLs: ALL }],
};

/** The read-only token: reads and watches of everything, and nothing that writes. */
const READ_ONLY: Rules = {
  resourceRules: [{ verbs: ['get', 'list', 'watch'], apiGroups: ALL, resources: ALL }, ...SELF_REVIEWS],
  nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ALL }],
};

/**
 * The rules that hold for a caller. Without an identity (the server was started without an
 * authenticator) every request is let through, so the rules are everything's.
 */
export function rulesFor(identity: Identity | undefined): Rules {
  return identity?.readOnly ? READ_ONLY : EVERYTHING;
}

/** Whether the caller may make the request: some rule of theirs covers it. */
export function isAllowed(identity: Identity | undefined, request: RequestAttributes): boolean {
  const rules = rulesFor(identity);
  if (request.kind === 'nonResource') return rules.nonResourceRules.some((rule) => nonResourceRuleCovers(rule, request.verb, request.path));
  return rules.resourceRules.some((rule) => resourceRuleCovers(rule, request));
}

/** The 403 for a resource request the caller may not make, worded as kube-apiserver's. */
export function refusal(identity: Identity | undefined, request: Extract<RequestAttributes, { kind: 'resource' }>): ApiError {
  const { group, resource, subresource, namespace, name } = request;
  const what = subresource ? `${resource}/${subresource}` : resource;
  const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  return forbidden(
    { resource, group, name: name ?? '' },
    `User "${identity?.user ?? ''}" cannot ${request.verb} resource "${what}" in API group "${group}"${where}`,
  );
}

// Matching is RBAC's (upstream rbac/v1 evaluation helpers): "*" is a wildcard in every list, a
// subresource is named `resource/subresource`, and `*\/sub` names that subresource of anything.
function resourceRuleCovers(rule: ResourceRule, request: Extract<RequestAttributes, { kind: 'resource' }>): boolean {
  if (!matches(rule.verbs, request.verb) || !matches(rule.apiGroups, request.group)) return false;
  const combined = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
  return rule.resources.some(
    (resource) => resource === '*' || resource === combined || (!!request.subresource && resource === `*/${request.subresource}`),
  );
}

function nonResourceRuleCovers(rule: NonResourceRule, verb: string, path: string): boolean {
  if (!matches(rule.verbs, verb)) return false;
  return rule.nonResourceURLs.some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.slice(0, -1))));
}

function matches(allowed: readonly string[], value: string): boolean {
  return allowed.includes('*') || allowed.includes(value);
}
