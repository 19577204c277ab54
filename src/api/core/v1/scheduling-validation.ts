// Validation of a PodSpec's scheduling constraints, as upstream's validateAffinity and
// validateTopologySpreadConstraints (pkg/apis/core/validation). `affinity` is kept as given JSON,
// so it is read defensively here: a field of the wrong type counts as absent.
import { childPath, duplicate, forbidden, indexPath, invalid, notSupported, required } from '../../field-errors.ts';
import type { FieldError } from '../../field-errors.ts';
import { isValidLabelValue, validateLabelName } from '../../label-validation.ts';
import { isDNS1123Label, nameIsDNSSubdomain } from '../../meta/validation.ts';
import { validateLabelSelector } from '../../selectors/index.ts';
import type { LabelSelectorObject } from '../../selectors/index.ts';
import { listOf, objectOf, stringOf, stringsOf, type Json } from './given-json.ts';
import type { PodSpec } from './pod-spec.ts';

/** A selector as upstream's typed struct would hold it (a non-object is treated as unset). */
function selectorOf(value: unknown): LabelSelectorObject | undefined {
  const selector = objectOf(value);
  if (!selector) return undefined;
  const labels = objectOf(selector['matchLabels']);
  return {
    matchLabels: labels ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, stringOf(v)])) : undefined,
    matchExpressions: listOf(selector['matchExpressions']).map((item) => {
      const expression = objectOf(item) ?? {};
      return { key: stringOf(expression['key']), operator: stringOf(expression['operator']), values: stringsOf(expression['values']) };
    }),
  };
}

function selectorKeys(selector: LabelSelectorObject): string[] {
  return [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
}

const WEIGHT_RANGE_ERROR = 'must be in the range 1-100';

function validateWeight(weight: unknown, path: string): FieldError[] {
  const value = typeof weight === 'number' ? weight : 0;
  return value <= 0 || value > 100 ? [invalid(path, value, WEIGHT_RANGE_ERROR)] : [];
}

// --- affinity ----------------------------------------------------------------------------------

export function validateAffinity(affinity: PodSpec['affinity'], path: string): FieldError[] {
  const value = objectOf(affinity);
  if (!value) return [];
  const errs: FieldError[] = [];
  const nodeAffinity = objectOf(value['nodeAffinity']);
  if (nodeAffinity) errs.push(...validateNodeAffinity(nodeAffinity, childPath(path, 'nodeAffinity')));
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const podAffinity = objectOf(value[kind]);
    if (podAffinity) errs.push(...validatePodAffinity(podAffinity, childPath(path, kind)));
  }
  return errs;
}

function validateNodeAffinity(affinity: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const requiredSelector = objectOf(affinity['requiredDuringSchedulingIgnoredDuringExecution']);
  if (requiredSelector) {
    errs.push(...validateNodeSelector(requiredSelector, childPath(path, 'requiredDuringSchedulingIgnoredDuringExecution')));
  }
  const preferredPath = childPath(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  listOf(affinity['preferredDuringSchedulingIgnoredDuringExecution']).forEach((item, i) => {
    const term = objectOf(item) ?? {};
    const termPath = indexPath(preferredPath, i);
    errs.push(...validateWeight(term['weight'], childPath(termPath, 'weight')));
    // A preferred term may name label values no node has yet, so their syntax is not checked.
    errs.push(...validateNodeSelectorTerm(objectOf(term['preference']) ?? {}, true, childPath(termPath, 'preference')));
  });
  return errs;
}

function validateNodeSelector(selector: Json, path: string): FieldError[] {
  const termsPath = childPath(path, 'nodeSelectorTerms');
  const terms = listOf(selector['nodeSelectorTerms']);
  if (terms.length === 0) return [required(termsPath, 'must have at least one node selector term')];
  return terms.flatMap((term, i) => validateNodeSelectorTerm(objectOf(term) ?? {}, false, indexPath(termsPath, i)));
}

function validateNodeSelectorTerm(term: Json, allowInvalidLabelValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  listOf(term['matchExpressions']).forEach((item, j) => {
    errs.push(...validateNodeSelectorRequirement(objectOf(item) ?? {}, allowInvalidLabelValues, indexPath(childPath(path, 'matchExpressions'), j)));
  });
  listOf(term['matchFields']).forEach((item, j) => {
    errs.push(...validateNodeFieldSelectorRequirement(objectOf(item) ?? {}, indexPath(childPath(path, 'matchFields'), j)));
  });
  return errs;
}

function validateNodeSelectorRequirement(requirement: Json, allowInvalidLabelValues: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const operator = stringOf(requirement['operator']);
  const values = stringsOf(requirement['values']);
  const valuesPath = childPath(path, 'values');
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      // Upstream checks only the count here; the scheduler parses the integer.
      if (values.length !== 1) errs.push(required(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(childPath(path, 'operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(stringOf(requirement['key']), childPath(path, 'key')));
  if (!allowInvalidLabelValues) {
    values.forEach((value, i) => {
      errs.push(...isValidLabelValue(value).map((msg) => invalid(indexPath(valuesPath, i), value, msg)));
    });
  }
  return errs;
}

// Node fields that may be selected on, with the name check of each.
const NODE_FIELD_VALIDATORS: Record<string, (value: string) => string[]> = {
  'metadata.name': (value) => nameIsDNSSubdomain(value, false),
};

function validateNodeFieldSelectorRequirement(requirement: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const operator = stringOf(requirement['operator']);
  const key = stringOf(requirement['key']);
  const values = stringsOf(requirement['values']);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length !== 1) {
      errs.push(required(childPath(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    }
  } else {
    errs.push(invalid(childPath(path, 'operator'), operator, 'not a valid selector operator'));
  }
  const validate = Object.hasOwn(NODE_FIELD_VALIDATORS, key) ? NODE_FIELD_VALIDATORS[key] : undefined;
  if (!validate) errs.push(invalid(childPath(path, 'key'), key, 'not a valid field selector key'));
  else {
    values.forEach((value, i) => {
      errs.push(...validate(value).map((msg) => invalid(indexPath(childPath(path, 'values'), i), value, msg)));
    });
  }
  return errs;
}

function validatePodAffinity(affinity: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const requiredPath = childPath(path, 'requiredDuringSchedulingIgnoredDuringExecution');
  listOf(affinity['requiredDuringSchedulingIgnoredDuringExecution']).forEach((term, i) => {
    errs.push(...validatePodAffinityTerm(objectOf(term) ?? {}, indexPath(requiredPath, i)));
  });
  const preferredPath = childPath(path, 'preferredDuringSchedulingIgnoredDuringExecution');
  listOf(affinity['preferredDuringSchedulingIgnoredDuringExecution']).forEach((item, i) => {
    const weighted = objectOf(item) ?? {};
    const termPath = indexPath(preferredPath, i);
    errs.push(...validateWeight(weighted['weight'], childPath(termPath, 'weight')));
    errs.push(...validatePodAffinityTerm(objectOf(weighted['podAffinityTerm']) ?? {}, childPath(termPath, 'podAffinityTerm')));
  });
  return errs;
}

function validatePodAffinityTerm(term: Json, path: string): FieldError[] {
  const labelSelector = selectorOf(term['labelSelector']);
  const errs = validateLabelSelector(labelSelector, childPath(path, 'labelSelector'));
  errs.push(...validateLabelSelector(selectorOf(term['namespaceSelector']), childPath(path, 'namespaceSelector')));
  // Upstream reports namespace names at `namespace`, singular and without an index.
  for (const name of stringsOf(term['namespaces'])) {
    errs.push(...isDNS1123Label(name).map((msg) => invalid(childPath(path, 'namespace'), name, msg)));
  }
  errs.push(...validateMatchAndMismatchLabelKeys(stringsOf(term['matchLabelKeys']), stringsOf(term['mismatchLabelKeys']), labelSelector, path));
  const topologyKey = stringOf(term['topologyKey']);
  const topologyKeyPath = childPath(path, 'topologyKey');
  if (topologyKey === '') errs.push(required(topologyKeyPath, 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, topologyKeyPath));
  return errs;
}

function validateMatchAndMismatchLabelKeys(
  matchKeys: string[],
  mismatchKeys: string[],
  labelSelector: LabelSelectorObject | undefined,
  path: string,
): FieldError[] {
  const errs = [...validateLabelKeys(matchKeys, labelSelector, childPath(path, 'matchLabelKeys'))];
  errs.push(...validateLabelKeys(mismatchKeys, labelSelector, childPath(path, 'mismatchLabelKeys')));
  if (labelSelector) {
    // A matchLabelKeys key is an `In` requirement on the Pod's own value, so it clashes with a
    // selector that already constrains that key. Upstream reports it at the term's own path
    // indexed by the key's position, and only once the selector names the key twice.
    const matchIndex = new Map(matchKeys.map((key, i) => [key, i]));
    const seen = new Set(Object.keys(labelSelector.matchLabels ?? {}));
    for (const { key } of labelSelector.matchExpressions ?? []) {
      const i = matchIndex.get(key);
      if (i !== undefined && seen.has(key)) errs.push(invalid(indexPath(path, i), key, 'exists in both matchLabelKeys and labelSelector'));
      seen.add(key);
    }
  }
  const mismatch = new Set(mismatchKeys);
  matchKeys.forEach((key, i) => {
    if (mismatch.has(key)) {
      errs.push(invalid(indexPath(childPath(path, 'matchLabelKeys'), i), key, 'exists in both matchLabelKeys and mismatchLabelKeys'));
    }
  });
  return errs;
}

function validateLabelKeys(keys: string[], labelSelector: LabelSelectorObject | undefined, path: string): FieldError[] {
  if (keys.length === 0) return [];
  if (!labelSelector) return [forbidden(path, 'must not be specified when labelSelector is not set')];
  return keys.flatMap((key, i) => validateLabelName(key, indexPath(path, i)));
}

// --- topology spread constraints ---------------------------------------------------------------

const NOT_POSITIVE_ERROR = 'must be greater than zero';
const SCHEDULE_ACTIONS = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

export function validateTopologySpreadConstraints(constraints: PodSpec['topologySpreadConstraints'], path: string): FieldError[] {
  const list = constraints ?? [];
  const errs: FieldError[] = [];
  list.forEach((constraint, i) => {
    const itemPath = indexPath(path, i);
    const maxSkew = constraint.maxSkew ?? 0;
    if (maxSkew <= 0) errs.push(invalid(childPath(itemPath, 'maxSkew'), maxSkew, NOT_POSITIVE_ERROR));
    const topologyKey = constraint.topologyKey ?? '';
    if (topologyKey === '') errs.push(required(childPath(itemPath, 'topologyKey'), 'can not be empty'));
    const action = constraint.whenUnsatisfiable ?? '';
    if (!SCHEDULE_ACTIONS.includes(action)) errs.push(notSupported(childPath(itemPath, 'whenUnsatisfiable'), action, SCHEDULE_ACTIONS));
    // {topologyKey, whenUnsatisfiable} names one kind of constraint; only a later repeat is reported.
    const repeated = list.slice(i + 1).some((other) => (other.topologyKey ?? '') === topologyKey && (other.whenUnsatisfiable ?? '') === action);
    if (repeated) errs.push(duplicate(childPath(itemPath, '{topologyKey, whenUnsatisfiable}'), `{${topologyKey}, ${action}}`));
    errs.push(...validateMinDomains(constraint.minDomains, action, childPath(itemPath, 'minDomains')));
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const value = constraint[policy];
      if (value !== undefined && !NODE_INCLUSION_POLICIES.includes(value)) {
        errs.push(notSupported(childPath(itemPath, policy), value, NODE_INCLUSION_POLICIES));
      }
    }
    const selector = selectorOf(constraint.labelSelector);
    errs.push(...validateMatchLabelKeysInTopologySpread(constraint.matchLabelKeys ?? [], selector, childPath(itemPath, 'matchLabelKeys')));
    errs.push(...validateLabelSelector(selector, childPath(itemPath, 'labelSelector')));
  });
  return errs;
}

function validateMinDomains(minDomains: number | undefined, action: string, path: string): FieldError[] {
  if (minDomains === undefined) return [];
  const errs: FieldError[] = [];
  if (minDomains <= 0) errs.push(invalid(path, minDomains, NOT_POSITIVE_ERROR));
  if (action !== 'DoNotSchedule') errs.push(invalid(path, minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
  return errs;
}

function validateMatchLabelKeysInTopologySpread(keys: readonly string[], selector: LabelSelectorObject | undefined, path: string): FieldError[] {
  if (keys.length === 0) return [];
  const errs: FieldError[] = [];
  if (!selector) errs.push(forbidden(path, 'must not be specified when labelSelector is not set'));
  const taken = new Set(selector ? selectorKeys(selector) : []);
  keys.forEach((key, i) => {
    errs.push(...validateLabelName(key, indexPath(path, i)));
    if (taken.has(key)) errs.push(invalid(indexPath(path, i), key, 'exists in both matchLabelKeys and labelSelector'));
  });
  return errs;
}
