// authorization.k8s.io/v1 self reviews: questions a caller asks the API server about itself.
// SelfSubjectAccessReview asks "may I do this one thing?" (what `kubectl auth can-i VERB
// RESOURCE` sends) and SelfSubjectRulesReview asks "what may I do in this namespace?"
// (`kubectl auth can-i --list`). Neither is stored: a POST evaluates the body and answers it.
// Field names and numbers: staging/src/k8s.io/api/authorization/v1 (types.go, generated.proto).
import { z } from 'zod';
import { GoRendered, goQuote, invalid, type FieldError } from '../../field-errors.ts';
import { LabelSelectorRequirement, objectFields, type ObjectMeta } from '../../meta/v1.ts';
import { apiType, atomicListMeta, bool, field, required, str } from '../../schema/fields.ts';

const ns = 'io.k8s.api.authorization.v1';

export const FieldSelectorRequirement = apiType(
  `${ns}.FieldSelectorRequirement`,
  'One condition of a field selector: a field, an operator and its values.',
  z.object({
    key: required(str(), 'The field the condition applies to.'),
    operator: required(str(), 'In, NotIn, Exists or DoesNotExist.'),
    values: field(z.array(z.string()), 'Values for In and NotIn; empty for Exists and DoesNotExist.', atomicListMeta),
  }),
);

export const FieldSelectorAttributes = apiType(
  `${ns}.FieldSelectorAttributes`,
  'A field selector the request is limited by; it can only narrow access, never widen it.',
  z.object({
    rawSelector: field(str(), 'The selector as it would appear in a query parameter.'),
    requirements: field(z.array(FieldSelectorRequirement), 'The selector, parsed.', atomicListMeta),
  }),
);

export const LabelSelectorAttributes = apiType(
  `${ns}.LabelSelectorAttributes`,
  'A label selector the request is limited by; it can only narrow access, never widen it.',
  z.object({
    rawSelector: field(str(), 'The selector as it would appear in a query parameter.'),
    requirements: field(z.array(LabelSelectorRequirement), 'The selector, parsed.', atomicListMeta),
  }),
);

export const ResourceAttributes = apiType(
  `${ns}.ResourceAttributes`,
  'The request on a resource being asked about, as the authorizer sees it.',
  z.object({
    namespace: field(str(), 'The namespace of the request; empty means every namespace (or a cluster-scoped resource).'),
    verb: field(str(), 'The API verb: get, list, watch, create, update, patch, delete, deletecollection; "*" means all.'),
    group: field(str(), 'The API group of the resource; "*" means all.'),
    version: field(str(), 'The API version of the resource; "*" means all.'),
    resource: field(str(), 'The resource (plural, e.g. pods); "*" means all.'),
    subresource: field(str(), 'The subresource (e.g. status, scale); empty means none.'),
    name: field(str(), 'The name of the object; empty means all.'),
    fieldSelector: field(FieldSelectorAttributes, 'The field selector the request is limited by.'),
    labelSelector: field(LabelSelectorAttributes, 'The label selector the request is limited by.'),
  }),
);
export type ResourceAttributes = z.infer<typeof ResourceAttributes>;

export const NonResourceAttributes = apiType(
  `${ns}.NonResourceAttributes`,
  'The request on a path that is not a resource (/healthz, /version, /api), as the authorizer sees it.',
  z.object({
    path: field(str(), 'The URL path of the request.'),
    verb: field(str(), 'The HTTP verb, lower case (get, post, ...).'),
  }),
);
export type NonResourceAttributes = z.infer<typeof NonResourceAttributes>;

export const SelfSubjectAccessReviewSpec = apiType(
  `${ns}.SelfSubjectAccessReviewSpec`,
  'The request to check: exactly one of resourceAttributes and nonResourceAttributes.',
  z.object({
    resourceAttributes: field(ResourceAttributes, 'A request on a resource.'),
    nonResourceAttributes: field(NonResourceAttributes, 'A request on a non-resource path.'),
  }),
);

export const SubjectAccessReviewStatus = apiType(
  `${ns}.SubjectAccessReviewStatus`,
  'The answer: whether the request would be allowed.',
  z.object({
    allowed: required(bool(), 'True if the request would be allowed.'),
    denied: field(bool(), 'True if an authorizer explicitly denied it; allowed and denied both false means no authorizer had an opinion.'),
    reason: field(str(), 'Why the request would be allowed or denied.'),
    evaluationError: field(str(), 'An error met while deciding; the answer may still hold.'),
  }),
);
export type SubjectAccessReviewStatus = z.infer<typeof SubjectAccessReviewStatus>;

export const SelfSubjectAccessReview = apiType(
  `${ns}.SelfSubjectAccessReview`,
  'Asks whether the caller may perform one request. Never stored: the server answers it in the response.',
  z.object({
    ...objectFields,
    spec: required(SelfSubjectAccessReviewSpec, 'The request to check.'),
    status: field(SubjectAccessReviewStatus, 'Filled in by the server: whether the request would be allowed.'),
  }),
);
export type SelfSubjectAccessReview = z.infer<typeof SelfSubjectAccessReview>;

export const SelfSubjectRulesReviewSpec = apiType(
  `${ns}.SelfSubjectRulesReviewSpec`,
  'Where to list the rules.',
  z.object({ namespace: field(str(), 'The namespace to evaluate the rules in. Required.') }),
);

export const ResourceRule = apiType(
  `${ns}.ResourceRule`,
  'Verbs the caller may use on resources. The list of rules is unordered and may repeat itself.',
  z.object({
    verbs: required(z.array(z.string()), 'The verbs; "*" means all.', atomicListMeta),
    apiGroups: field(z.array(z.string()), 'The API groups; "*" means all.', atomicListMeta),
    resources: field(z.array(z.string()), 'The resources; "*" means all in the groups, "*/foo" subresource foo of every resource.', atomicListMeta),
    resourceNames: field(z.array(z.string()), 'The object names the rule is limited to; empty means every name.', atomicListMeta),
  }),
);
export type ResourceRule = z.infer<typeof ResourceRule>;

export const NonResourceRule = apiType(
  `${ns}.NonResourceRule`,
  'Verbs the caller may use on non-resource paths.',
  z.object({
    verbs: required(z.array(z.string()), 'The HTTP verbs, lower case; "*" means all.', atomicListMeta),
    nonResourceURLs: field(z.array(z.string()), 'The paths; a final "*" matches any suffix, "*" alone every path.', atomicListMeta),
  }),
);
export type NonResourceRule = z.infer<typeof NonResourceRule>;

export const SubjectRulesReviewStatus = apiType(
  `${ns}.SubjectRulesReviewStatus`,
  'What the caller may do. Rules only ever add access, so a rule listed is a permission held even when the list is incomplete.',
  z.object({
    resourceRules: required(z.array(ResourceRule), 'What the caller may do with resources.', atomicListMeta),
    nonResourceRules: required(z.array(NonResourceRule), 'What the caller may do with non-resource paths.', atomicListMeta),
    incomplete: required(bool(), 'True when some authorizer could not list its rules.'),
    evaluationError: field(str(), 'An error met while listing the rules.'),
  }),
);
export type SubjectRulesReviewStatus = z.infer<typeof SubjectRulesReviewStatus>;

export const SelfSubjectRulesReview = apiType(
  `${ns}.SelfSubjectRulesReview`,
  'Lists what the caller may do in a namespace, for UIs to show or hide actions. Never stored.',
  z.object({
    ...objectFields,
    spec: required(SelfSubjectRulesReviewSpec, 'Where to list the rules.'),
    status: field(SubjectRulesReviewStatus, 'Filled in by the server: the rules.'),
  }),
);
export type SelfSubjectRulesReview = z.infer<typeof SelfSubjectRulesReview>;

/**
 * Upstream ValidateSelfSubjectAccessReview: exactly one kind of attributes, and no metadata (a
 * review names nothing; managedFields do not count, and neither does the null creationTimestamp
 * client-go sends for an unset one).
 */
export function validateSelfSubjectAccessReview(review: SelfSubjectAccessReview): FieldError[] {
  const errs: FieldError[] = [];
  const { resourceAttributes, nonResourceAttributes } = review.spec ?? {};
  if (resourceAttributes && nonResourceAttributes) {
    errs.push(invalid('spec.nonResourceAttributes', goNonResourceAttributes(nonResourceAttributes), 'cannot be specified in combination with resourceAttributes'));
  }
  if (!resourceAttributes && !nonResourceAttributes) {
    // Upstream reports the (nil) nonResourceAttributes under the resourceAttributes path.
    errs.push(invalid('spec.resourceAttributes', new GoRendered(null, '"null"'), 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  }
  if (!isEmptyMeta(review.metadata)) errs.push(invalid('metadata', goMeta(review.metadata ?? {}), 'must be empty'));
  return errs;
}

function isEmptyMeta(metadata: ObjectMeta | undefined): boolean {
  return Object.entries(metadata ?? {}).every(([key, value]) => key === 'managedFields' || value === null || value === undefined || value === '' || isEmptyCollection(value));
}

function isEmptyCollection(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
}

/**
 * The value upstream prints for a set nonResourceAttributes: Go's %#v of its internal struct,
 * every field in declaration order.
 */
function goNonResourceAttributes(attributes: NonResourceAttributes): GoRendered {
  const text = `authorization.NonResourceAttributes{Path:${goQuote(attributes.path ?? '')}, Verb:${goQuote(attributes.verb ?? '')}}`;
  return new GoRendered(attributes, text);
}

/** ObjectMeta is too big to print field by field the Go way; its JSON names what was set. */
function goMeta(metadata: ObjectMeta): GoRendered {
  return new GoRendered(metadata, JSON.stringify(metadata));
}
